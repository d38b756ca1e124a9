package io.tickflow.cli.scid;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place on a terminal (carriage return), at most a few times per second, with the
 * rate; on a non-terminal it prints nothing until {@link #done}.
 */
final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final String label;
  private final long startNanos = System.nanoTime();
  private long lastDraw;

  ProgressBar(PrintStream out, boolean terminal, String label) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
  }

  void update(long done, long total) {
    long now = System.nanoTime();
    if (terminal && now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      out.print('\r' + line(done, Math.max(total, 1), now));
      out.flush();
    }
  }

  void done(long done, long total) {
    out.print((terminal ? "\r" : "") + line(done, Math.max(total, 1), System.nanoTime()) + System.lineSeparator());
    out.flush();
  }

  private String line(long done, long total, long now) {
    int filled = (int) Math.min(WIDTH, done * WIDTH / total);
    double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
    return String.format(Locale.ROOT, "%s [%s%s] %3d%% %,d/%,d records %,.0f/s", label, "#".repeat(filled),
        " ".repeat(WIDTH - filled), done * 100 / total, done, total, done / seconds);
  }
}
