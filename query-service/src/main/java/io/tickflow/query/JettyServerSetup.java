package io.tickflow.query;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tickflow.query.format.Formats;
import io.tickflow.query.http.ClusterHandlers;
import io.tickflow.query.http.RoutedQuery;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Applies the transport settings of {@link QueryServiceConfig} to Javalin's Jetty: TLS and CORS; makes the errors
 * Jetty answers itself JSON like the API's; and lets Jetty drop the HTTP sessions nobody uses.
 */
final class JettyServerSetup {

  /**
   * How long an unused HTTP session lives. The API keeps no session state, but Javalin opens a session at every
   * WebSocket upgrade (it copies the session's attributes for the WebSocket context), and Jetty keeps a session
   * forever by default: a page reconnecting all day, or clients coming and going, grew the heap by a session per
   * connection. An upgrade's session is dropped at once ({@link #dropSession}); this bounds the others (an upgrade
   * of an unknown path), which Jetty's house keeper removes at its next scavenge (every 10 minutes).
   */
  static final Duration SESSION_MAX_INACTIVE = Duration.ofSeconds(1);

  private JettyServerSetup() {
  }

  static void apply(JavalinConfig cfg, QueryServiceConfig config, Formats formats) {
    JsonErrorHandler errors = new JsonErrorHandler(formats);
    cfg.jetty.modifyServer(server -> server.setErrorHandler(errors));
    cfg.routes.wsBeforeUpgrade(JettyServerSetup::dropSession);
    cfg.jetty.modifyServletContextHandler(context -> {
      context.setErrorHandler(errors);
      context.getSessionHandler().setMaxInactiveInterval((int) SESSION_MAX_INACTIVE.toSeconds());
      // Nor does a client need the session's id: without this, every upgrade answered Set-Cookie: JSESSIONID.
      context.getSessionHandler().setUsingCookies(false);
    });
    config.tls().ifPresent(tls -> cfg.jetty.addConnector((server, httpConfig) -> {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(tls.keyStore().toAbsolutePath().toString());
      ssl.setKeyStorePassword(tls.password().value());
      ssl.setKeyStoreType(tls.type());
      httpConfig.addCustomizer(new SecureRequestCustomizer());
      ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(httpConfig));
      connector.setHost(config.httpHost());
      connector.setPort(config.httpPort());
      return connector;
    }));
    addCors(cfg, config.corsOrigins());
  }

  /** Ends the session Javalin opened for a WebSocket upgrade; the upgrade and the WebSocket need none. */
  private static void dropSession(Context ctx) {
    HttpSession session = ctx.req().getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  private static void addCors(JavalinConfig cfg, List<String> origins) {
    if (!origins.isEmpty()) {
      cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
        if (origins.contains("*")) {
          rule.anyHost();
        } else {
          rule.allowHost(origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new));
        }
        // Every response header docs/api.md tells clients to read, so that a page of an allowed origin can.
        rule.exposeHeader(RoutedQuery.SERVED_BY_HEADER);
        rule.exposeHeader(RoutedQuery.INSTANCE_HEADER);
        rule.exposeHeader(RoutedQuery.TRUNCATED_HEADER);
        rule.exposeHeader("Link");
        rule.exposeHeader(ClusterHandlers.SCOPE_HEADER);
        rule.exposeHeader("Retry-After");
      }));
      // Whether an answer carries CORS headers depends on Origin, whatever this request's: a shared cache must not
      // hand one origin's answer to another. ("*" answers every origin alike.)
      if (!origins.contains("*")) {
        cfg.routes.before(ctx -> ctx.res().addHeader("Vary", "Origin"));
      }
      // Javalin's plugin answers an origin it does not allow with 400, yet goes on serving the request: the answer
      // (the page, the data) went out under a 400. A refused origin gets the answer without CORS headers, which
      // keeps it from a page of that origin, as the Fetch standard has it. Matched: after the plugin's before-handler.
      cfg.routes.beforeMatched(ctx -> {
        if (ctx.status() == HttpStatus.BAD_REQUEST) {
          ctx.status(HttpStatus.OK);
        }
      });
    }
  }
}
