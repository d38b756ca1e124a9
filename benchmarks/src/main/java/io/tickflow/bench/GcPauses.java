package io.tickflow.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * This JVM's garbage collections during a phase, from the collectors' MXBeans: a latency harness prints them next to
 * its percentiles, since every stop-the-world pause delays whatever was in flight. Take a {@link #snapshot()} before
 * the phase and {@link #print} after it.
 */
public final class GcPauses {

  private final List<Long> counts;
  private final List<Long> millis;

  private GcPauses(List<Long> counts, List<Long> millis) {
    this.counts = counts;
    this.millis = millis;
  }

  /** The collections so far, per collector. */
  public static GcPauses snapshot() {
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    return new GcPauses(collectors.stream().map(GarbageCollectorMXBean::getCollectionCount).toList(),
        collectors.stream().map(GarbageCollectorMXBean::getCollectionTime).toList());
  }

  /** Prints, per collector, the collections since {@code before} and their time, and the heap's current size. */
  public void print(GcPauses before) {
    List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    StringBuilder line = new StringBuilder("GC while measuring:");
    for (int i = 0; i < collectors.size(); i++) {
      line.append(String.format(Locale.ROOT, " %s %d in %d ms;", collectors.get(i).getName(),
          counts.get(i) - before.counts.get(i), millis.get(i) - before.millis.get(i)));
    }
    line.append(String.format(Locale.ROOT, " heap %,d MB committed", Runtime.getRuntime().totalMemory() >> 20));
    System.out.println(line);
  }
}
