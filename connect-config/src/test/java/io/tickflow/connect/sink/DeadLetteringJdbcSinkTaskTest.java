package io.tickflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeadLetteringJdbcSinkTaskTest {

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Etc/UTC", "GMT", "Z"})
  void shouldStartWhenTheWorkerRunsInUtc(String zone) {
    assertThatCode(() -> DeadLetteringJdbcSinkTask.requireUtc(ZoneId.of(zone))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"America/Chicago", "Europe/London", "+01:00"})
  void shouldRefuseToStartWhenTheWorkerRunsInAnotherZone(String zone) {
    assertThatThrownBy(() -> DeadLetteringJdbcSinkTask.requireUtc(ZoneId.of(zone)))
        .isInstanceOf(ConnectException.class)
        .hasMessage("The Connect worker runs in time zone " + zone + ", where the JDBC sink would shift every "
            + "timestamp by the zone's offset: start the worker with -Duser.timezone=UTC (e.g. "
            + "KAFKA_OPTS=-Duser.timezone=UTC)");
  }
}
