package io.tickflow.cli.local;

/** A port the demo needs is taken by another program. */
public final class PortInUseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PortInUseException(int port, String what) {
    super("Port " + port + " (" + what + ") is already in use: stop what uses it or choose another port");
  }
}
