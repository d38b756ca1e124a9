package io.tickflow.query.http;

import io.javalin.http.Context;
import io.tickflow.query.format.ApiResponse;
import io.tickflow.query.format.Formats;
import io.tickflow.query.format.ResponseFormat;

/** Negotiates the response format of a request and writes the answer in it. Thread-safe. */
public final class Responder {

  public static final String FORMAT = "format";

  private final Formats formats;

  public Responder(Formats formats) {
    this.formats = formats;
  }

  /**
   * The format the client asked for: {@code ?format=} when given, else the {@code Accept} header, else JSON.
   *
   * @throws ApiException 400 when {@code ?format=} names no format
   */
  public ResponseFormat format(Context ctx) {
    String label = ctx.queryParam(FORMAT);
    if (label == null) {
      return ResponseFormat.fromAccept(ctx.header("Accept"));
    }
    return ResponseFormat.byLabel(label).orElseThrow(() -> ApiException.badRequest(FORMAT,
        "format must be one of: " + ResponseFormat.allowedLabels()));
  }

  /** Writes {@code response} with status 200 in the negotiated format. */
  public void respond(Context ctx, ApiResponse response) {
    ResponseFormat format = format(ctx);
    ctx.contentType(format.mediaType() + ";charset=utf-8").result(formats.write(response, format));
  }

  /** Writes an error as JSON, whatever the negotiated format, with Retry-After when it has one. */
  public void respondError(Context ctx, ApiException e) {
    e.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Integer.toString(seconds)));
    ctx.status(e.error().status()).contentType("application/json;charset=utf-8")
        .result(formats.toJson(e.error()));
  }
}
