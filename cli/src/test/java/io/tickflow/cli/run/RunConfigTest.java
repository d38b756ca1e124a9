package io.tickflow.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RunConfigTest {

  @Test
  void shouldRunTopicsAndQueryByDefault() {
    RunConfig config = new RunConfig(Map.of("bootstrap.servers", "kafka:9092"));

    assertThat(config.runs(RunConfig.Component.TOPICS)).isTrue();
    assertThat(config.runs(RunConfig.Component.QUERY)).isTrue();
    assertThat(config.runs(RunConfig.Component.CONNECT)).isFalse();
    assertThat(config.runs(RunConfig.Component.DTC_SIM)).isFalse();
  }

  @Test
  void shouldRunServicesUnlessOnlyOneOffStepsAreChosen() {
    assertThat(new RunConfig(Map.of("bootstrap.servers", "k:9092", "run.components", "topics")).runsServices())
        .isFalse();
    assertThat(new RunConfig(Map.of("bootstrap.servers", "k:9092", "run.components", "topics,dtc-sim"))
        .runsServices()).isTrue();
    assertThat(new RunConfig(Map.of("bootstrap.servers", "k:9092")).runsServices()).isTrue();
  }

  @Test
  void shouldAcceptDashedComponentNames() {
    RunConfig config = new RunConfig(Map.of("bootstrap.servers", "k:9092", "run.components", "dtc-sim, connect"));

    assertThat(config.runs(RunConfig.Component.DTC_SIM)).isTrue();
    assertThat(config.runs(RunConfig.Component.CONNECT)).isTrue();
    assertThat(config.runs(RunConfig.Component.QUERY)).isFalse();
  }

  @Test
  void shouldRejectAnUnknownComponentNamingTheValidOnes() {
    assertThatThrownBy(() -> new RunConfig(Map.of("bootstrap.servers", "k:9092", "run.components", "query,ui")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value ui for configuration run.components: not a component; use topics, connect, query "
            + "or dtc-sim");
  }

  @Test
  void shouldRequireBootstrapServers() {
    assertThatThrownBy(() -> new RunConfig(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers");
  }

  @Test
  void shouldPassConnectKeysToTheWorkerWithoutThePrefix() {
    RunConfig config = new RunConfig(Map.of("bootstrap.servers", "k:9092", "connect.group.id", "g",
        "connect.connectors.dir", "/etc/connectors"));

    assertThat(config.connectWorkerSettings()).containsExactly(Map.entry("group.id", "g"));
  }

  @Test
  void shouldMapEnvironmentVariablesToKeysAndBack() {
    assertThat(Settings.keyOf("TICKFLOW_BARS_GRACE_MS")).isEqualTo("bars.grace.ms");
    assertThat(Settings.environmentVariableOf("bars.grace.ms")).isEqualTo("TICKFLOW_BARS_GRACE_MS");
  }
}
