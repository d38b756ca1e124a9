package io.tickflow.cli.local;

import java.util.List;

/** Ports a command needs are taken by other programs. */
public final class PortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PortInUseException(int port, String what) {
    this(List.of(port + " (" + what + ")"));
  }

  /**
   * @param taken each taken port with what needs it, e.g. {@code 9092 (Kafka, --kafka-port)}
   */
  public PortInUseException(List<String> taken) {
    super(taken.size() == 1
        ? "Port " + taken.get(0) + " is already in use: stop what uses it or choose another port"
        : "Ports " + String.join(", ", taken) + " are already in use: stop what uses them or choose other ports");
  }
}
