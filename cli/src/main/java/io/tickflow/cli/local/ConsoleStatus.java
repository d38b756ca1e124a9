package io.tickflow.cli.local;

import java.io.PrintStream;
import java.util.Locale;

/** Prints one line per component: what is starting, then how long it took or that it failed. */
public final class ConsoleStatus implements Components.StatusListener {

  private final PrintStream out;

  public ConsoleStatus(PrintStream out) {
    this.out = out;
  }

  @Override
  public void starting(String component) {
    out.print("  starting " + component + " ... ");
    out.flush();
  }

  @Override
  public void started(String component, long millis) {
    out.println(String.format(Locale.ROOT, "ok (%.1f s)", millis / 1000.0));
  }

  /** Ends the line, so that the error printed next starts a line of its own. */
  @Override
  public void failed(String component) {
    out.println("failed");
  }
}
