package io.tickflow.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.serde.SchemaCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The topic table of docs/data-contract.md says what {@link TickflowTopics} sets, topic by topic. */
class DataContractDocTest {

  private static final Path DOC = Path.of("../docs/data-contract.md");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern RECORD = Pattern.compile("io\\.tickflow\\.schemas\\.(\\w+)");
  private static final Pattern DAYS = Pattern.compile("(\\d+) days?");
  private static final Map<String, Row> ROWS = readTopicTable();

  record Row(String topic, String key, String value, String cleanup, String retention, String timestamp) {
  }

  static Stream<TopicSpec> specs() {
    return TickflowTopics.all().stream();
  }

  @Test
  void shouldDocumentExactlyTheTopicsOfTheCatalogue() {
    assertThat(ROWS.keySet()).containsExactlyInAnyOrderElementsOf(
        TickflowTopics.all().stream().map(TopicSpec::name).toList());
  }

  @ParameterizedTest
  @MethodSource("specs")
  void shouldDocumentTheKeyValueAndTopicConfigsTheCodeSets(TopicSpec spec) {
    Row row = ROWS.get(spec.name());

    assertThat(row).as("row of %s in %s", spec.name(), DOC).isNotNull();
    assertThat(row.key()).as("key of %s", spec.name()).isEqualTo(spec.key());
    assertThat(recordsNamedIn(row.value())).as("value of %s", spec.name()).isEqualTo(recordsOf(spec.value()));
    assertThat(row.cleanup()).as("cleanup of %s", spec.name()).isEqualTo(spec.cleanupPolicy());
    assertThat(retention(row.retention())).as("retention of %s", spec.name()).isEqualTo(spec.retention());
    assertThat(row.timestamp()).as("timestamp type of %s", spec.name()).isEqualTo(
        spec.configs().getOrDefault(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"));
  }

  private static Set<String> recordsNamedIn(String cell) {
    Set<String> records = SchemaCatalog.CURRENT.stream().map(Schema::getName).collect(Collectors.toSet());
    Set<String> named = new TreeSet<>();
    Matcher code = CODE.matcher(cell);
    while (code.find()) {
      if (records.contains(code.group(1))) {
        named.add(code.group(1));
      }
    }
    return named;
  }

  private static Set<String> recordsOf(String specValue) {
    Set<String> named = new TreeSet<>();
    Matcher record = RECORD.matcher(specValue);
    while (record.find()) {
      named.add(record.group(1));
    }
    return named;
  }

  /** "30 days" or "forever ..." (null, as in TopicSpec). */
  private static Duration retention(String cell) {
    if (cell.startsWith("forever")) {
      return null;
    }
    Matcher days = DAYS.matcher(cell);
    assertThat(days.matches()).as("retention '%s' is 'N days' or 'forever'", cell).isTrue();
    return Duration.ofDays(Long.parseLong(days.group(1)));
  }

  private static Map<String, Row> readTopicTable() {
    List<String> lines;
    try {
      lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + DOC.toAbsolutePath(), e);
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.startsWith("| `tickflow.")) {
        String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim)
            .toArray(String[]::new);
        assertThat(cells).as(line).hasSize(7);
        String topic = cells[0].replace("`", "");
        rows.put(topic, new Row(topic, cells[1], cells[2], cells[4], cells[5], cells[6].replace("`", "")));
      }
    }
    return rows;
  }
}
