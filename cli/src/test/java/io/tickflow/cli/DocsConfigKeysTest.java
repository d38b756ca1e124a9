package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.cli.run.KnownKeys;
import io.tickflow.connect.dtc.DtcSourceConnectorConfig;
import io.tickflow.connect.scid.ScidSourceConnectorConfig;
import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.connect.sink.TickflowJdbcSinkConnector;
import io.tickflow.db.MigrateConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.Test;

/**
 * Every setting the hand-written documents name in backticks ({@code `bars.idle.ms`}, {@code `insert.mode=upsert`})
 * or set in a properties code block is a setting of some component: Tickflow's ConfigDefs, the shipped sink
 * connector configs and Debezium's sink, Kafka Streams and its clients (bare or prefixed), Connect's worker (bare or
 * as {@code connect.*}) and topic configs. What looks like a setting but is not (topic and file names, Java names,
 * the misspellings the documents show on purpose) is told apart by {@link #isSettingLike} and {@link #NOT_SETTINGS}.
 * Defaults stated in prose are not checked here.
 */
class DocsConfigKeysTest {

  private static final Path DOCS = Path.of("..", "docs");
  /** Measurements, not instructions: other builds' settings may be named there. */
  private static final Set<String> SKIPPED_DOCS = Set.of("benchmarks.md");
  private static final Pattern BACKTICKED_KEY = Pattern.compile("`([a-z][a-z0-9_-]*(?:\\.[a-z0-9_-]+)+)(?:=[^`]*)?`");
  /** Dotted lower-case names in the documents that are not settings. */
  private static final Set<String> NOT_SETTINGS = Set.of(
      "bars.timeframe", "consumer.session.timeout",   // the misspellings configuration.md shows as refused
      "pandas.to_datetime");
  private static final List<String> NOT_SETTING_SUFFIXES = List.of(".json", ".log", ".md", ".properties", ".sh",
      ".yaml", ".yml", ".jar", ".avsc", ".scid", ".depth", ".csv", ".p12");
  private static final Set<String> WORKER_KEYS = workerKeys();
  /** Debezium hands {@code hibernate.*} to Hibernate unchecked. */
  private static final String HIBERNATE_PREFIX = "hibernate.";

  @Test
  void shouldNameOnlyExistingSettingsWhenDocsMentionAKey() throws IOException {
    Set<String> settings = settings();
    Set<String> unknown = new TreeSet<>();
    List<Path> documents = documents();
    for (Path document : documents) {
      String text = Files.readString(document);
      List<String> names = new ArrayList<>(propertiesBlockKeys(text));
      Matcher key = BACKTICKED_KEY.matcher(text);
      while (key.find()) {
        names.add(key.group(1));
      }
      for (String name : names) {
        if (isSettingLike(name) && !settings.contains(name) && !KnownKeys.known(name) && !isWorkerKey(name)) {
          unknown.add(document.getFileName() + ": " + name);
        }
      }
    }
    assertThat(documents).hasSizeGreaterThan(10);
    assertThat(unknown).as("settings named in the docs that no component defines").isEmpty();
  }

  @Test
  void shouldTellSettingsFromOtherDottedNamesWhenScanning() {
    assertThat(Stream.of("bars.idle.ms", "tickflow.bars.final", "tickflow-connect.offsets", "io.tickflow.db",
        "tickflow.properties", "hibernate.connection.foo", "bars.timeframe").filter(DocsConfigKeysTest::isSettingLike))
        .containsExactly("bars.idle.ms");
    assertThat(propertiesBlockKeys("```properties\n# a comment\nhttp.port=8080\n```\n```sh\nx=1\n```\n"))
        .containsExactly("http.port");
    assertThat(KnownKeys.known("bars.idle.ms")).isTrue();
    assertThat(KnownKeys.known("bars.idle")).isFalse();
    assertThat(isWorkerKey("connect.group.id")).isTrue();
    assertThat(settings()).contains("insert.mode", "db.premake.chunks", "symbols", "retention.ms")
        .doesNotContain("bars.timeframe");
  }

  /** The keys of the ```properties blocks of a Markdown text (comment lines skipped). */
  static List<String> propertiesBlockKeys(String markdown) {
    List<String> keys = new ArrayList<>();
    boolean inBlock = false;
    for (String line : markdown.split("\n")) {
      String stripped = line.strip();
      if (stripped.startsWith("```")) {
        inBlock = !inBlock && stripped.equals("```properties");
      } else if (inBlock && !stripped.isEmpty() && !stripped.startsWith("#") && stripped.contains("=")) {
        keys.add(stripped.substring(0, stripped.indexOf('=')).strip());
      }
    }
    return keys;
  }

  static boolean isSettingLike(String name) {
    return !name.startsWith("tickflow.") && !name.startsWith("tickflow-") && !name.startsWith("io.")
        && !name.startsWith(HIBERNATE_PREFIX) && !NOT_SETTINGS.contains(name)
        && NOT_SETTING_SUFFIXES.stream().noneMatch(name::endsWith);
  }

  private static boolean isWorkerKey(String name) {
    String bare = name.startsWith("connect.") ? name.substring("connect.".length()) : name;
    return WORKER_KEYS.contains(bare);
  }

  /** Connect's distributed worker keys (its ConfigDef is private: read from a parsed minimal config). */
  private static Set<String> workerKeys() {
    Map<String, String> minimal = Map.of("bootstrap.servers", "localhost:9092", "group.id", "g",
        "config.storage.topic", "c",
        "offset.storage.topic", "o", "status.storage.topic", "s",
        "key.converter", "org.apache.kafka.connect.storage.StringConverter",
        "value.converter", "org.apache.kafka.connect.storage.StringConverter");
    return Set.copyOf(new DistributedConfig(minimal).values().keySet());
  }

  private static Set<String> settings() {
    Set<String> names = new HashSet<>(MigrateConfig.CONFIG_DEF.names());
    names.addAll(DtcSourceConnectorConfig.CONFIG_DEF.names());
    names.addAll(ScidSourceConnectorConfig.CONFIG_DEF.names());
    names.addAll(new TickflowJdbcSinkConnector().config().names());
    names.addAll(SinkConnectorDefinition.bars().config().keySet());
    names.addAll(topicConfigs());
    return names;
  }

  private static Set<String> topicConfigs() {
    Set<String> names = new HashSet<>();
    for (Field field : TopicConfig.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  private static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(Path.of("..", "README.md")));
    try (Stream<Path> files = Files.list(DOCS)) {
      files.filter(file -> file.toString().endsWith(".md"))
          .filter(file -> !SKIPPED_DOCS.contains(file.getFileName().toString()))
          .sorted().forEach(documents::add);
    }
    return documents;
  }
}
