package io.tickflow.query;

import io.javalin.config.JavalinConfig;
import io.tickflow.query.format.Formats;
import io.tickflow.query.http.ClusterHandlers;
import io.tickflow.query.http.RoutedQuery;
import io.tickflow.query.security.AccessControl;
import java.util.List;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Applies the transport settings of {@link QueryServiceConfig} to Javalin's Jetty: TLS and CORS; and makes the
 * errors Jetty answers itself JSON like the API's.
 */
final class JettyServerSetup {

  private JettyServerSetup() {
  }

  static void apply(JavalinConfig cfg, QueryServiceConfig config, Formats formats) {
    JsonErrorHandler errors = new JsonErrorHandler(formats);
    cfg.jetty.modifyServer(server -> server.setErrorHandler(errors));
    cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
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
    List<String> origins = config.corsOrigins();
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
        rule.exposeHeader(AccessControl.HEADER);
      }));
    }
  }
}
