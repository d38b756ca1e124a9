package io.tickflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.debezium.connector.jdbc.JdbcSinkConnectorConfig;
import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.Driver;

class SinkConnectorDefinitionTest {

  private static final Path SINK_DOC = Path.of("..", "docs", "sink.md");

  @Test
  void shouldUpsertBarsOnSymbolTimeframeAndWindowStart() {
    SinkConnectorDefinition bars = SinkConnectorDefinition.bars();

    assertThat(bars.name()).isEqualTo("tickflow-bars-sink");
    assertThat(bars.config()).containsEntry("topics", "tickflow.bars.final")
        .containsEntry("insert.mode", "upsert").containsEntry("primary.key.mode", "record_value")
        .containsEntry("primary.key.fields", "symbol,timeframe,windowStart")
        .containsEntry("collection.name.format", "tickflow.bars")
        .containsEntry("tickflow.value.schema", "io.tickflow.schemas.Bar");
  }

  @Test
  void shouldKeyTicksOnTheTradeIdentity() {
    SinkConnectorDefinition ticks = SinkConnectorDefinition.ticks();

    assertThat(ticks.name()).isEqualTo("tickflow-ticks-sink");
    assertThat(ticks.config()).containsEntry("topics", "tickflow.trades")
        .containsEntry("insert.mode", "upsert")
        .containsEntry("primary.key.fields", "symbol,eventTime,price,size,side,sequence")
        .containsEntry("collection.name.format", "tickflow.ticks")
        .containsEntry("tickflow.value.schema", "io.tickflow.schemas.Trade");
  }

  @ParameterizedTest
  @ValueSource(strings = {SinkConnectorDefinition.BARS_RESOURCE, SinkConnectorDefinition.TICKS_RESOURCE,
      SinkConnectorDefinition.INSTRUMENTS_RESOURCE})
  void shouldPassTheConnectorsOwnValidationWhenShipped(String resource) {
    List<ConfigValue> values = new TickflowJdbcSinkConnector().validate(SinkConnectorDefinition.load(resource)
        .config()).configValues();

    assertThat(values).allSatisfy(value -> assertThat(value.errorMessages()).as(value.name()).isEmpty());
    assertThat(values).extracting(ConfigValue::name).contains("tickflow.value.schema", "insert.mode");
  }

  /** Without a driver class c3p0 warns HHH10001006 ("No JDBC Driver class was specified") for every pool. */
  @ParameterizedTest
  @ValueSource(strings = {SinkConnectorDefinition.BARS_RESOURCE, SinkConnectorDefinition.TICKS_RESOURCE,
      SinkConnectorDefinition.INSTRUMENTS_RESOURCE})
  void shouldHandTheBundledPostgresqlDriverToTheConnectionPoolWhenShipped(String resource) {
    Properties hibernate = new JdbcSinkConnectorConfig(SinkConnectorDefinition.load(resource).config())
        .getHibernateConfiguration().getProperties();

    assertThat(hibernate).containsEntry(AvailableSettings.DRIVER, Driver.class.getName());
  }

  @ParameterizedTest
  @ValueSource(strings = {SinkConnectorDefinition.BARS_RESOURCE, SinkConnectorDefinition.TICKS_RESOURCE,
      SinkConnectorDefinition.INSTRUMENTS_RESOURCE})
  void shouldDeadLetterToTheTopicTheAdminStepCreatesWhenShipped(String resource) {
    String topic = SinkConnectorDefinition.load(resource).config().get("errors.deadletterqueue.topic.name");

    assertThat(topic).isEqualTo(TickflowTopics.SINK_DEAD_LETTER);
    assertThat(TickflowTopics.all()).extracting(TopicSpec::name).contains(topic);
  }

  @ParameterizedTest
  @ValueSource(strings = {SinkConnectorDefinition.BARS_RESOURCE, SinkConnectorDefinition.TICKS_RESOURCE,
      SinkConnectorDefinition.INSTRUMENTS_RESOURCE})
  void shouldDocumentEveryKeyWhenShipped(String resource) throws IOException {
    String doc = Files.readString(SINK_DOC);

    assertThat(SinkConnectorDefinition.load(resource).config().keySet())
        .allSatisfy(key -> assertThat(doc).as("docs/sink.md documents " + key).contains("| `" + key + "` |"));
  }

  @Test
  void shouldWriteToAnotherSchemaWhenPointedAtAnotherDatabase() {
    SinkConnectorDefinition bars = SinkConnectorDefinition.bars()
        .forDatabase("jdbc:postgresql://db/test", "u", "p", "it_x");

    assertThat(bars.config()).containsEntry("connection.url", "jdbc:postgresql://db/test")
        .containsEntry("connection.username", "u").containsEntry("connection.password", "p")
        .containsEntry("collection.name.format", "it_x.bars").containsEntry("insert.mode", "upsert");
  }

  @ParameterizedTest(name = "{0}, given user ''{1}'' and password ''{2}''")
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://localhost:5432/tickflow?user=tickflow&password=p%26w|''|''|tickflow|p&w",
      "jdbc:postgresql://db/tickflow?user=url-user&password=url-password|given|secret|given|secret"})
  void shouldTakeTheGivenUserAndPasswordElseTheUrls(String url, String user, String password, String expectedUser,
      String expectedPassword) {
    SinkConnectorDefinition ticks = SinkConnectorDefinition.ticks().forDatabase(url, user, password, "tickflow");

    assertThat(ticks.config()).containsEntry("connection.username", expectedUser)
        .containsEntry("connection.password", expectedPassword);
  }

  /**
   * A database of trust authentication. Debezium 3.0.7 checks the password as its task starts (the connector's
   * validate() does not), and takes an empty one for none.
   */
  @Test
  void shouldPassTheConfigCheckOfTheSinksTaskWhenNeitherTheUrlNorTheCallerGivesAPassword() {
    SinkConnectorDefinition bars = SinkConnectorDefinition.bars()
        .forDatabase("jdbc:postgresql://localhost/tickflow?user=tickflow", "", "", "tickflow");
    List<String> problems = new ArrayList<>();

    new JdbcSinkConnectorConfig(bars.config()).validateAndRecord(JdbcSinkConnectorConfig.ALL_FIELDS, problems::add);

    assertThat(problems).isEmpty();
    assertThat(bars.config()).containsEntry("connection.password", SinkConnectorDefinition.NO_PASSWORD);
  }

  @Test
  void shouldBeAValidDistributedWorkerConfigWhenShipped() throws IOException {
    Properties worker = new Properties();
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("worker/connect-distributed.properties")) {
      worker.load(in);
    }
    Map<String, String> props = new HashMap<>();
    worker.stringPropertyNames().forEach(name -> props.put(name, worker.getProperty(name)));

    DistributedConfig config = new DistributedConfig(props);

    assertThat(config.getClass("value.converter").getName())
        .isEqualTo("io.tickflow.connect.converter.AvroConverter");
  }
}
