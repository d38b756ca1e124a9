package io.tickflow.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line with the rate: on a terminal redrawn in place (carriage return) a few times per second; elsewhere
 * (a log, a pipe) one line per 10 %. Not thread-safe.
 */
public final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final boolean terminal;
  private final String label;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private long lastTenth = -1;
  /** What the last line printed off a terminal showed, so that the final line does not repeat it. */
  private long printedDone = -1;
  private long printedTotal = -1;

  public ProgressBar(PrintStream out, boolean terminal, String label) {
    this.out = out;
    this.terminal = terminal;
    this.label = label;
  }

  /** {@code done} of {@code total} units so far. */
  public void update(long done, long total) {
    long now = System.nanoTime();
    if (terminal) {
      if (now - lastDraw >= REDRAW_NANOS) {
        lastDraw = now;
        out.print('\r' + line(done, total, now));
        out.flush();
      }
      return;
    }
    long tenth = total <= 0 ? 10 : done * 10 / total;
    if (tenth != lastTenth) {
      lastTenth = tenth;
      println(done, total, now);
    }
  }

  /** A line of its own, e.g. what the progress is waiting for. */
  public void note(String text) {
    out.println(text);
  }

  /** The final line; off a terminal, only when the last line printed showed other counts. */
  public void done(long done, long total) {
    if (terminal) {
      out.print('\r' + line(done, total, System.nanoTime()) + System.lineSeparator());
    } else if (done != printedDone || total != printedTotal) {
      println(done, total, System.nanoTime());
    }
    out.flush();
  }

  private void println(long done, long total, long now) {
    out.println(line(done, total, now));
    printedDone = done;
    printedTotal = total;
  }

  private String line(long done, long total, long now) {
    long percent = total <= 0 ? 100 : done * 100 / total;
    int filled = (int) Math.min(WIDTH, percent * WIDTH / 100);
    double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
    return String.format(Locale.ROOT, "%s [%s%s] %3d%% %,d/%,d records %,.0f/s", label, "#".repeat(filled),
        " ".repeat(WIDTH - filled), percent, done, total, done / seconds);
  }
}
