package io.tickflow.cli.topics;

import io.tickflow.topics.TickflowTopics;
import io.tickflow.topics.TopicAdmin;
import io.tickflow.topics.TopicDrift;
import io.tickflow.topics.TopicReport;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickflow topics}: creates every missing Tickflow topic with its spec and reports how existing topics differ
 * from theirs. Idempotent; changes nothing on existing topics.
 */
@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Create missing Tickflow topics and report drift of existing ones. Exit code 3 on drift.")
public final class TopicsCommand implements Callable<Integer> {

  static final int EXIT_DRIFT = 3;
  private static final int TIMEOUT_MS = 15_000;

  @Option(names = {"-b", "--bootstrap-servers"}, required = true, description = "Kafka bootstrap servers.")
  private String bootstrapServers;

  @Option(names = "--partitions", defaultValue = "" + TickflowTopics.DEFAULT_PARTITIONS,
      converter = TopicCountConverter.class,
      description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(names = "--replication-factor", defaultValue = "" + TickflowTopics.DEFAULT_REPLICATION_FACTOR,
      converter = TopicCountConverter.class,
      description = "Replication factor of every topic (default: ${DEFAULT-VALUE}).")
  private int replicationFactor;

  @Override
  public Integer call() {
    // An unreachable cluster fails the command in 15 s rather than the client's default minute; the admin client
    // refuses a request timeout longer than that, so both are set.
    try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        TIMEOUT_MS))) {
      TopicReport report = new TopicAdmin(admin).ensure(TickflowTopics.all(partitions, (short) replicationFactor));
      report.created().forEach(topic -> System.out.println("created  " + topic));
      report.existing().forEach(topic -> System.out.println("exists   " + topic));
      for (TopicDrift drift : report.drifts()) {
        System.out.printf("DRIFT    %s %s is %s, spec says %s%n", drift.topic(), drift.setting(), drift.actual(),
            drift.expected());
      }
      return report.consistent() ? 0 : EXIT_DRIFT;
    }
  }
}
