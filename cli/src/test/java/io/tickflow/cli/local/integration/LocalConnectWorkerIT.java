package io.tickflow.cli.local.integration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.cli.FreePorts;
import io.tickflow.cli.local.LocalConnectWorker;
import io.tickflow.cli.local.LocalKafkaBroker;
import io.tickflow.connect.sink.SinkConnectorDefinition;
import io.tickflow.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's Connect worker tells a connector whose tasks run from one whose tasks failed at start. */
@Tag("integration")
class LocalConnectWorkerIT {

  @TempDir
  Path directory;

  @Test
  void shouldEndTheWaitWithTheTaskErrorWhenTheSinkTaskFailsAtStart() throws Exception {
    String url = TestPostgres.get().url();
    // The test database without its credentials: Debezium's task refuses an empty user name when it starts.
    String withoutUser = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    SinkConnectorDefinition sink = SinkConnectorDefinition.bars().forDatabase(withoutUser, "", "", "tickflow");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(directory.resolve("kafka"), FreePorts.pair());
         LocalConnectWorker worker = LocalConnectWorker.start(broker.bootstrapServers(), directory.resolve("connect"),
             FreePorts.one())) {
      worker.putConnector(sink.name(), sink.config());

      assertThatThrownBy(() -> worker.awaitRunning(sink.name(), Duration.ofSeconds(90)))
          .isInstanceOf(IllegalStateException.class)
          // The sink has several tasks; whichever fails first is named.
          .hasMessageMatching("Connector " + sink.name() + " failed: task \\d+: .*Cannot start the JDBC sink: invalid "
              + "settings: .*connection.username.*");
    }
  }
}
