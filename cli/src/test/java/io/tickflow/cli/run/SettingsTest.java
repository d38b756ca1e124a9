package io.tickflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir
  Path directory;

  @Test
  void shouldNameEveryMisspelledKeyWhenTheFileHasSome() throws Exception {
    // api.keys is what TICKFLOW_API_KEYS becomes; in a file the query service would ignore it.
    Path file = write("bootstrap.servers=k:9092\nbars.timeframe=1m\nrun.component=query\n"
        + "consumer.session.timeout=6000\napi.keys=k1:read\n");

    assertThatThrownBy(() -> Settings.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Unknown key(s) in " + file + ": api.keys, bars.timeframe, consumer.session.timeout, "
            + "run.component (misspelled? every key is listed in docs/configuration.md)");
  }

  @Test
  void shouldAcceptEveryComponentsAndKafkasKeysWhenSpelledRight() throws Exception {
    Path file = write("run.components=topics,connect,query\nbootstrap.servers=k:9092\nbars.timeframes=1m\n"
        + "http.port=8080\nsecurity.api.keys=k1:read\nnum.standby.replicas=1\nsecurity.protocol=SSL\n"
        + "consumer.session.timeout.ms=6000\nmain.consumer.max.poll.records=500\nproducer.linger.ms=5\n"
        + "admin.retries=3\ntopic.min.insync.replicas=2\nconnect.group.id=g\nclient.tag.zone=a\n");

    assertThat(Settings.load(file, Map.of())).containsEntry("bars.timeframes", "1m").hasSize(14);
  }

  @Test
  void shouldAcceptTheShippedExampleFile() {
    assertThat(Settings.load(Path.of("..", "docker", "tickflow", "tickflow.properties"), Map.of()))
        .containsKey("run.components");
  }

  @Test
  void shouldLeaveEnvironmentKeysUncheckedWhenTheyMayServeConnectorConfigs() throws Exception {
    Path file = write("bootstrap.servers=k:9092\n");

    assertThat(Settings.load(file, Map.of("TICKFLOW_JDBC_URL", "jdbc:postgresql://db/t")))
        .containsEntry("jdbc.url", "jdbc:postgresql://db/t");
  }

  private Path write(String text) throws Exception {
    return Files.writeString(directory.resolve("tickflow.properties"), text);
  }
}
