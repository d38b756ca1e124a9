package io.tickflow.cli;

/** A TCP port to listen on or connect to: 1 to 65535 (0, "any free port", would leave the port unknown to clients). */
public final class PortConverter extends BoundedIntConverter {

  public PortConverter() {
    super(1, 0xFFFF, "a TCP port");
  }
}
