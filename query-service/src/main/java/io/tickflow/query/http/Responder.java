package io.tickflow.query.http;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import io.tickflow.query.format.ApiResponse;
import io.tickflow.query.format.Formats;
import io.tickflow.query.format.ResponseFormat;
import io.tickflow.query.security.AccessControl;

/** Negotiates the response format of a request and writes the answer in it. Thread-safe. */
public final class Responder {

  public static final String FORMAT = "format";

  private static final String JSON = "application/json;charset=utf-8";

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
    errorHeaders(e, ctx::header);
    ctx.status(e.error().status()).contentType(JSON).result(formats.toJson(e.error()));
  }

  /**
   * Refuses a WebSocket upgrade with the error as JSON. Javalin maps an exception of an upgrade handler to a status
   * but never writes the body it sets, so the error goes straight to the servlet response.
   */
  public void refuseUpgrade(Context ctx, ApiException e) throws IOException {
    HttpServletResponse res = ctx.res();
    errorHeaders(e, res::setHeader);
    res.setStatus(e.error().status());
    res.setContentType(JSON);
    res.getOutputStream().write(formats.toJson(e.error()).getBytes(StandardCharsets.UTF_8));
    ctx.skipRemainingHandlers();
  }

  /**
   * The headers an error carries besides its body: Retry-After when it has one, and on a 401 the challenge that
   * RFC 9110 requires of every 401 (clients and proxies that follow it learn where the key goes).
   */
  private static void errorHeaders(ApiException e, BiConsumer<String, String> header) {
    e.retryAfterSeconds().ifPresent(seconds -> header.accept("Retry-After", Integer.toString(seconds)));
    if (e.error().status() == 401) {
      header.accept("WWW-Authenticate", AccessControl.CHALLENGE);
    }
  }
}
