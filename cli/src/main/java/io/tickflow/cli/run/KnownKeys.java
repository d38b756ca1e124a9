package io.tickflow.cli.run;

import io.tickflow.query.QueryServiceConfig;
import io.tickflow.streams.StreamsAppConfig;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The keys a settings file may hold: every component's own, and Kafka Streams' and its clients' (bare or with the
 * Streams prefixes). Any other key would go to Kafka Streams, which only logs at INFO that it is unused, so a
 * misspelled {@code bars.timeframe} would silently leave the default timeframes in force.
 */
public final class KnownKeys {

  private static final Set<String> NAMES = names();
  /** Prefixes whose rest must be a key of that client. */
  private static final Map<String, Set<String>> CLIENT_PREFIXES = Map.of(
      StreamsConfig.CONSUMER_PREFIX, ConsumerConfig.configNames(),
      StreamsConfig.MAIN_CONSUMER_PREFIX, ConsumerConfig.configNames(),
      StreamsConfig.RESTORE_CONSUMER_PREFIX, ConsumerConfig.configNames(),
      StreamsConfig.GLOBAL_CONSUMER_PREFIX, ConsumerConfig.configNames(),
      StreamsConfig.PRODUCER_PREFIX, ProducerConfig.configNames(),
      StreamsConfig.ADMIN_CLIENT_PREFIX, AdminClientConfig.configNames());
  /** Prefixes checked by their owner: Connect's worker, the internal topics' broker configs, client tags. */
  private static final List<String> OPEN_PREFIXES = List.of(RunConfig.CONNECT_PREFIX, StreamsConfig.TOPIC_PREFIX,
      StreamsConfig.CLIENT_TAG_PREFIX);

  private KnownKeys() {
  }

  /** @throws ConfigException naming every unknown key of the file */
  static void require(Collection<String> keys, Path file) {
    Set<String> unknown = new TreeSet<>();
    for (String key : keys) {
      if (!known(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("Unknown key(s) in " + file + ": " + String.join(", ", unknown)
          + " (misspelled? every key is listed in docs/configuration.md)");
    }
  }

  /** True when a settings file may hold the key. */
  public static boolean known(String key) {
    if (NAMES.contains(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
      return true;
    }
    return CLIENT_PREFIXES.entrySet().stream()
        .anyMatch(prefix -> key.startsWith(prefix.getKey())
            && prefix.getValue().contains(key.substring(prefix.getKey().length())));
  }

  private static Set<String> names() {
    Set<String> names = new HashSet<>(RunConfig.CONFIG_DEF.names());
    names.addAll(StreamsAppConfig.CONFIG_DEF.names());
    names.addAll(QueryServiceConfig.CONFIG_DEF.names());
    names.addAll(StreamsConfig.configDef().names());
    names.addAll(ConsumerConfig.configNames());
    names.addAll(ProducerConfig.configNames());
    names.addAll(AdminClientConfig.configNames());
    return Set.copyOf(names);
  }
}
