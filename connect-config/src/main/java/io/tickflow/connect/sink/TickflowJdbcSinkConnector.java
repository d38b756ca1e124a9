package io.tickflow.connect.sink;

import io.debezium.connector.jdbc.JdbcSinkConnector;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

/**
 * Debezium's JDBC sink connector, with tasks that send records the database refuses to the dead-letter queue
 * instead of failing ({@link DeadLetteringJdbcSinkTask}). Configuration, idempotent upserts and everything else
 * are Debezium's, plus {@link TickflowSinkConfig}.
 */
public class TickflowJdbcSinkConnector extends JdbcSinkConnector {

  private static final String VERSION = readVersion();

  @Override
  public String version() {
    return VERSION + "+debezium-" + super.version();
  }

  @Override
  public Class<? extends Task> taskClass() {
    return DeadLetteringJdbcSinkTask.class;
  }

  @Override
  public ConfigDef config() {
    ConfigDef config = new ConfigDef(super.config());
    TickflowSinkConfig.CONFIG_DEF.configKeys().values().forEach(config::define);
    return config;
  }

  private static String readVersion() {
    try (InputStream in = TickflowJdbcSinkConnector.class.getResourceAsStream("version.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the connector version", e);
    }
  }
}
