package io.tickflow.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs an action twice at once, as two scheduled runs of a command that overlap. */
public final class AtTheSameTime {

  private AtTheSameTime() {
  }

  /** Runs the action in two threads released together; their results, or the first failure. */
  public static <T> List<T> twice(Callable<T> action) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Callable<T> startTogether = () -> {
      start.await();
      return action.call();
    };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> run : pool.invokeAll(List.of(startTogether, startTogether))) {
        results.add(run.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
