package io.tickflow.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent admin step: creates every missing topic with its spec and reports, without changing anything, how
 * existing topics differ from their specs (partitions, replication, cleanup policy, retention); on request, sets the
 * drifted configs to their specs' values.
 */
public final class TopicAdmin {

  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  /** How long created topics may take to be served before the admin step fails. */
  private static final Duration SERVED_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SERVED_RETRY = Duration.ofMillis(50);

  private final Admin admin;

  public TopicAdmin(Admin admin) {
    this.admin = admin;
  }

  /**
   * Creates the missing topics and checks the existing ones.
   *
   * @return what was created and how existing topics drift from their specs
   * @throws KafkaException when the cluster cannot be reached or refuses the request
   */
  public TopicReport ensure(Collection<TopicSpec> specs) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<TopicSpec> missing = specs.stream().filter(s -> !existing.contains(s.name())).toList();
      List<String> created = create(missing);
      List<TopicSpec> present = specs.stream().filter(s -> existing.contains(s.name())).toList();
      List<TopicDrift> drifts = drifts(present);
      drifts.forEach(drift -> log.warn("Topic {} drifts from its spec: {} is {}, expected {}",
          drift.topic(), drift.setting(), drift.actual(), drift.expected()));
      return new TopicReport(created, present.stream().map(TopicSpec::name).toList(), drifts);
    } catch (ExecutionException e) {
      throw new KafkaException("Topic admin step failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted during the topic admin step", e);
    }
  }

  /**
   * Sets the spec's value of every config drift (cleanup policy, retention...) on its topic, the operator's explicit
   * step ({@code tickflow topics --alter-configs}). Partition counts and replication factors are left as they are:
   * more partitions send a symbol's later records to another partition than its earlier ones (breaking its order and
   * the Streams app's state), and a replication factor changes only by a reassignment plan.
   *
   * @return the drifts it set
   * @throws KafkaException when the cluster refuses a change
   */
  public List<TopicDrift> alterConfigs(List<TopicDrift> drifts) {
    List<TopicDrift> configs = drifts.stream().filter(TopicDrift::isConfig).toList();
    Map<ConfigResource, Collection<AlterConfigOp>> changes = configs.stream().collect(Collectors.groupingBy(
        drift -> new ConfigResource(ConfigResource.Type.TOPIC, drift.topic()),
        Collectors.mapping(drift -> new AlterConfigOp(new ConfigEntry(drift.setting(), drift.expected()),
            AlterConfigOp.OpType.SET), Collectors.toCollection(ArrayList::new))));
    try {
      admin.incrementalAlterConfigs(changes).all().get();
    } catch (ExecutionException e) {
      throw new KafkaException("Altering topic configs failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while altering topic configs", e);
    }
    configs.forEach(drift -> log.info("Topic {}: set {} to {} (was {})", drift.topic(), drift.setting(),
        drift.expected(), drift.actual()));
    return configs;
  }

  private List<String> create(List<TopicSpec> missing) throws InterruptedException, ExecutionException {
    List<String> created = new ArrayList<>();
    if (missing.isEmpty()) {
      return created;
    }
    List<NewTopic> topics = missing.stream()
        .map(s -> new NewTopic(s.name(), s.partitions(), s.replicationFactor()).configs(s.configs()))
        .toList();
    for (var entry : admin.createTopics(topics).values().entrySet()) {
      try {
        entry.getValue().get();
        created.add(entry.getKey());
        log.info("Created topic {}", entry.getKey());
      } catch (ExecutionException e) {
        // Another instance created it between our list and create: it exists, which is all we want.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    awaitServed(missing);
    return created;
  }

  /**
   * Returns once the leader of every partition of these topics serves it. A created topic's partitions open on
   * their leader a moment after creation returns; an idempotent producer writing at once can then have its first
   * request refused (NOT_LEADER_OR_FOLLOWER) and a later one appended, after which the broker refuses the first
   * one's retries as out of sequence until they expire: its records are lost, idempotence notwithstanding
   * (KAFKA-15591; with Kafka 4.3.1 it lost the first trades a test wrote). A partition's leader answers a
   * ListOffsets request only once it serves the partition; the admin client retries a leader that does not yet,
   * but not a topic its metadata does not list yet, which is retried here.
   */
  private void awaitServed(List<TopicSpec> topics) throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (TopicSpec spec : topics) {
      for (int partition = 0; partition < spec.partitions(); partition++) {
        partitions.put(new TopicPartition(spec.name(), partition), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + SERVED_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.listOffsets(partitions).all().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(SERVED_RETRY.toMillis());
      }
    }
  }

  private List<TopicDrift> drifts(List<TopicSpec> present) throws InterruptedException, ExecutionException {
    if (present.isEmpty()) {
      return List.of();
    }
    List<String> names = present.stream().map(TopicSpec::name).toList();
    Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
    List<ConfigResource> resources = names.stream()
        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    Map<String, Config> configs = admin.describeConfigs(resources).all().get().entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
    List<TopicDrift> drifts = new ArrayList<>();
    for (TopicSpec spec : present) {
      TopicDescription description = descriptions.get(spec.name());
      compare(drifts, spec.name(), TopicDrift.PARTITIONS, spec.partitions(), description.partitions().size());
      compare(drifts, spec.name(), TopicDrift.REPLICATION_FACTOR, spec.replicationFactor(),
          description.partitions().get(0).replicas().size());
      Map<String, String> actual = configs.get(spec.name()).entries().stream()
          .collect(Collectors.toMap(ConfigEntry::name, entry -> String.valueOf(entry.value()),
              (a, b) -> a));
      spec.configs().forEach((key, expected) -> compare(drifts, spec.name(), key, expected, actual.get(key)));
    }
    return drifts;
  }

  private static void compare(List<TopicDrift> drifts, String topic, String setting, Object expected, Object actual) {
    if (!String.valueOf(expected).equals(String.valueOf(actual))) {
      drifts.add(new TopicDrift(topic, setting, String.valueOf(expected), String.valueOf(actual)));
    }
  }

}
