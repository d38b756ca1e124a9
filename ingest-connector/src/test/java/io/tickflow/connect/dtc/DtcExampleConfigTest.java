package io.tickflow.connect.dtc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** connect-config/dtc-source.properties must stay a valid configuration of the connector. */
class DtcExampleConfigTest {

  @Test
  void shouldValidateTheExampleConnectorConfigWithoutErrors() throws Exception {
    final Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of("../connect-config/dtc-source.properties"))) {
      properties.load(reader);
    }
    final Map<String, String> props = new HashMap<>();
    properties.stringPropertyNames().forEach(name -> props.put(name, properties.getProperty(name)));

    assertThat(props).containsEntry("connector.class", DtcSourceConnector.class.getName());
    assertThat(new DtcSourceConnector().validate(props).configValues())
        .allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    assertThat(props.keySet()).containsAll(DtcSourceConnectorConfig.CONFIG_DEF.names());
    assertThat(new DtcSourceConnectorConfig(props).symbols()).hasSize(3);
  }
}
