package io.tickflow.cli.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Components of one process, started in data-flow order and stopped in reverse, each reported to a
 * {@link StatusListener} as it starts. Used by {@code tickflow demo} and {@code tickflow run}.
 */
public final class Components implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Components.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final StatusListener status;

  public Components(StatusListener status) {
    this.status = status;
  }

  /** Starts one component and remembers it for {@link #close()}. */
  public <T extends AutoCloseable> T start(String what, Supplier<T> starter) {
    long start = System.nanoTime();
    status.starting(what);
    T component;
    try {
      component = starter.get();
    } catch (RuntimeException e) {
      status.failed(what);
      throw e;
    }
    started.push(component);
    status.started(what, (System.nanoTime() - start) / 1_000_000);
    log.info("Started {}", what);
    return component;
  }

  /** Runs a one-off step (nothing to stop later), reported like a component. */
  public void run(String what, Runnable step) {
    start(what, () -> {
      step.run();
      return () -> { };
    });
  }

  /** Stops everything started, newest first; a failing stop is logged and the others still stop. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", component.getClass().getSimpleName(), e.toString());
      }
    }
  }

  /** Told about each component as it starts (commands print status lines; tests ignore them). */
  public interface StatusListener {

    void starting(String component);

    void started(String component, long millis);

    /** The component did not start; its exception follows. */
    void failed(String component);

    /** Prints nothing. */
    StatusListener SILENT = new StatusListener() {
      @Override
      public void starting(String component) {
      }

      @Override
      public void started(String component, long millis) {
      }

      @Override
      public void failed(String component) {
      }
    };
  }
}
