package io.tickflow.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The status lines of {@code tickflow demo} and {@code tickflow run} as components start or fail to. */
class ComponentsTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void shouldEndTheStatusLineWhenAComponentFailsToStart() {
    try (Components components = new Components(new ConsoleStatus(out))) {
      components.run("Topics", () -> { });
      assertThatThrownBy(() -> components.run("Kafka broker on 127.0.0.1:9092", () -> {
        throw new PortInUseException(9092, "Kafka");
      })).isInstanceOf(PortInUseException.class);
    }

    // The command's one-line error comes next: it must not be glued to "starting ... ".
    assertThat(bytes.toString(StandardCharsets.UTF_8)).matches("  starting Topics \\.\\.\\. ok \\(\\d\\.\\d s\\)\\R"
        + "  starting Kafka broker on 127\\.0\\.0\\.1:9092 \\.\\.\\. failed\\R");
  }
}
