package io.tickflow.connect.sink;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys {@link TickflowJdbcSinkConnector} adds to Debezium's JDBC sink configuration. Everything else
 * (connection, insert mode, keys, naming, batching) is Debezium's own configuration.
 */
public final class TickflowSinkConfig extends AbstractConfig {

  public static final String VALUE_SCHEMA_CONFIG = "tickflow.value.schema";

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(VALUE_SCHEMA_CONFIG, Type.STRING, "", Importance.HIGH,
          "Full name of the Connect value schema every record must carry, e.g. io.tickflow.schemas.Bar. A record "
              + "with another schema or without a value is sent to the dead-letter queue before it reaches the "
              + "database. Empty accepts any schema.", "Tickflow", 1, ConfigDef.Width.LONG, "Value schema");

  private final String valueSchema;

  public TickflowSinkConfig(Map<String, ?> props) {
    super(CONFIG_DEF, props, false);
    valueSchema = getString(VALUE_SCHEMA_CONFIG);
  }

  /** The required value schema name; empty when any is accepted. */
  public String valueSchema() {
    return valueSchema;
  }
}
