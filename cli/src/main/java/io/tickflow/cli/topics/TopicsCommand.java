package io.tickflow.cli.topics;

import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicDrift;
import io.tickflow.topics.TopicReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickflow topics}: creates every missing Tickflow topic with its spec and reports how existing topics differ
 * from theirs. Idempotent; changes existing topics only with {@code --alter-configs}, and then only their configs.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create missing Tickflow topics and report drift of existing ones. Exit code 3 on drift left.")
public final class TopicsCommand implements Callable<Integer> {

  static final int EXIT_DRIFT = 3;
  private static final int TIMEOUT_MS = 15_000;

  @Option(names = {"-b", "--bootstrap-servers"}, required = true, description = "Kafka bootstrap servers.")
  private String bootstrapServers;

  @Option(names = "--partitions", defaultValue = "" + TickflowTopics.DEFAULT_PARTITIONS,
      converter = TopicCountConverter.class,
      description = "Partitions of every topic (default: ${DEFAULT-VALUE}); a multiple of a source connector's"
          + " tasks.max.")
  private int partitions;

  @Option(names = "--replication-factor", defaultValue = "" + TickflowTopics.DEFAULT_REPLICATION_FACTOR,
      converter = TopicCountConverter.class,
      description = "Replication factor of every topic (default: ${DEFAULT-VALUE}).")
  private int replicationFactor;

  @Option(names = "--alter-configs",
      description = "Set drifted topic configs (cleanup.policy, retention.ms, ...) to the spec's values. Partition "
          + "counts and replication factors are only reported: changing them moves keys or needs a reassignment.")
  private boolean alterConfigs;

  @Override
  public Integer call() {
    // An unreachable cluster fails the command in 15 s rather than the client's default minute; the admin client
    // refuses a request timeout longer than that, so both are set.
    try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        TIMEOUT_MS))) {
      TopicAdmin topicAdmin = new TopicAdmin(admin);
      TopicReport report = topicAdmin.ensure(TickflowTopics.all(partitions, (short) replicationFactor));
      report.created().forEach(topic -> System.out.println("created  " + topic));
      report.existing().forEach(topic -> System.out.println("exists   " + topic));
      List<TopicDrift> left = new ArrayList<>(report.drifts());
      if (alterConfigs) {
        for (TopicDrift drift : topicAdmin.alterConfigs(report.drifts())) {
          System.out.printf("ALTERED  %s %s was %s, now %s%n", drift.topic(), drift.setting(), drift.actual(),
              drift.expected());
          left.remove(drift);
        }
      }
      for (TopicDrift drift : left) {
        System.out.printf("DRIFT    %s %s is %s, spec says %s%n", drift.topic(), drift.setting(), drift.actual(),
            drift.expected());
      }
      return left.isEmpty() ? 0 : EXIT_DRIFT;
    }
  }
}
