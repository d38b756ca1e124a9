package io.tickflow.cli.instruments;

import java.util.List;

/** A CSV of security definitions with mistakes, each named by its line. */
final class InvalidInstrumentsException extends RuntimeException {

  private final List<String> problems;

  InvalidInstrumentsException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  List<String> problems() {
    return problems;
  }
}
