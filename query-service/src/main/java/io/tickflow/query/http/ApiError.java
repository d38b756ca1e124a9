package io.tickflow.query.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of every error response.
 *
 * @param status the HTTP status
 * @param error a stable code: bad_request, unauthorized, forbidden, not_found, rate_limited, unavailable
 * @param message what went wrong and, for bad input, the allowed values
 * @param parameter the request parameter at fault, when one is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String error, String message, String parameter) {
}
