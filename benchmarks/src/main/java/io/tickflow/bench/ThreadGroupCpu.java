package io.tickflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process's OS threads (Linux {@code /proc/self/task}), summed by thread name with digits replaced
 * by {@code #}: unlike Java's thread MXBean this also sees GC, JIT compiler and RocksDB's native threads. Child
 * processes (a {@link ChildBroker}) count as one group each. Take a {@link #snapshot()} before a phase and
 * {@link #print} after it. Empty where there is no {@code /proc}.
 */
public final class ThreadGroupCpu {

  private ThreadGroupCpu() {
  }

  /** CPU nanoseconds used so far, by thread group. */
  public static Map<String, Long> snapshot() {
    Map<String, Long> groups = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          ProcStat stat = ProcStat.parse(Files.readString(task.resolve("stat")));
          groups.merge(stat.name().replaceAll("[0-9]+", "#"),
              stat.cpuTicks() * 1_000_000_000L / ProcStat.TICKS_PER_SECOND, Long::sum);
        } catch (IOException | RuntimeException e) {
          // The thread ended between listing and reading: its CPU is lost to this breakdown, not to the total.
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    childProcessNanos().forEach((pid, nanos) -> groups.put("child process " + pid, nanos));
    return groups;
  }

  /** CPU nanoseconds used so far by each child process of this JVM (a {@link ChildBroker}), by process id. */
  public static Map<Long, Long> childProcessNanos() {
    Map<Long, Long> children = new HashMap<>();
    ProcessHandle.current().children().forEach(child -> child.info().totalCpuDuration().ifPresent(
        cpu -> children.put(child.pid(), cpu.toNanos())));
    return children;
  }

  /**
   * Prints the busiest groups since {@code before} (names truncated to 15 characters by Linux), as microseconds per
   * unit of work and as cores busy over {@code seconds}.
   */
  public static void print(Map<String, Long> before, long units, String unit, double seconds) {
    Map<String, Long> used = new HashMap<>();
    snapshot().forEach((group, nanos) -> used.put(group, nanos - before.getOrDefault(group, 0L)));
    used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
        .forEach(e -> System.out.printf(Locale.ROOT, "    %6.2f us/%s  %5.2f cores  %s%n",
            e.getValue() / 1e3 / units, unit, e.getValue() / 1e9 / seconds, e.getKey()));
  }
}
