package io.tickflow.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.cli.FreePorts;
import io.tickflow.cli.local.Components;
import io.tickflow.cli.local.PortInUseException;
import io.tickflow.dtc.sim.Instrument;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the demo checks before it starts anything. */
class LocalStackTest {

  @TempDir
  Path directory;

  @Test
  void shouldNameEveryTakenPortAndItsOptionBeforeStartingAnythingWhenPortsAreInUse() throws IOException {
    try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket dtc = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      DemoSettings settings = new DemoSettings(directory, FreePorts.pair(), FreePorts.one(), http.getLocalPort(),
          dtc.getLocalPort(), FreePorts.one(), Instrument.defaults(), 10, 1, Duration.ZERO, null, Map.of());

      assertThatThrownBy(() -> LocalStack.start(settings, Components.StatusListener.SILENT))
          .isInstanceOf(PortInUseException.class)
          .hasMessage("Ports " + http.getLocalPort() + " (web page and API, --http-port), " + dtc.getLocalPort()
              + " (DTC simulator, --dtc-port) are already in use: stop what uses them or choose other ports");
    }
    // One attempt names them all, and no broker was started (nor formatted) only to be stopped again.
    assertThat(directory.resolve("kafka")).doesNotExist();
  }
}
