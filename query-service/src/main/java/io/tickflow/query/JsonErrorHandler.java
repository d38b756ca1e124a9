package io.tickflow.query;

import io.tickflow.query.format.Formats;
import io.tickflow.query.http.ApiError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the errors Jetty answers before a request reaches Javalin (an illegal character in the path, a URI or
 * headers too long, a WebSocket upgrade to an unknown path) as the API's error JSON instead of Jetty's HTML page.
 * The {@code error} code is the status's reason phrase in snake case ({@code uri_too_long}).
 */
final class JsonErrorHandler extends ErrorHandler {

  private final Formats formats;

  JsonErrorHandler(Formats formats) {
    this.formats = formats;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                  Callback callback) {
    String reason = HttpStatus.getMessage(code);
    ApiError error = new ApiError(code, reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"),
        message == null || message.isBlank() ? reason : message, null);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.write(true, ByteBuffer.wrap(formats.toJson(error).getBytes(StandardCharsets.UTF_8)), callback);
  }
}
