package io.tickflow.bench.sink;

import io.tickflow.bench.ProcStat;
import io.tickflow.bench.ThreadGroupCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time spent between two points, split by where it was spent: this JVM's threads grouped by role (Connect
 * task threads, the broker, garbage collection, JIT compilers, the rest), this JVM's child processes (the broker,
 * when it runs apart: {@code BenchBroker}) and PostgreSQL's processes. Read from
 * Linux's {@code /proc} (threads of this process, processes named "postgres"; a database on another machine reads
 * zero). On a shared machine the rate of a run depends on what else runs; the CPU each row costs does much less,
 * and says where the time goes.
 */
final class CpuMeter {

  private static final String POSTGRES = "postgres";
  private static final List<String> GROUPS =
      List.of("connect tasks", "broker", "GC", "JIT", "other JVM", POSTGRES);

  private final Map<String, Long> start;

  private CpuMeter() {
    start = ticks();
  }

  static CpuMeter start() {
    return new CpuMeter();
  }

  /** CPU seconds since {@link #start()}, by group, in a stable order (PostgreSQL last). */
  Map<String, Double> seconds() {
    Map<String, Double> byGroup = new LinkedHashMap<>();
    GROUPS.forEach(group -> byGroup.put(group, 0.0));
    ticks().forEach((id, now) -> byGroup.merge(id.substring(0, id.indexOf('/')),
        (now - start.getOrDefault(id, 0L)) / (double) ProcStat.TICKS_PER_SECOND, Double::sum));
    return byGroup;
  }

  /** CPU ticks by "group/id" of this JVM's threads and of the PostgreSQL processes. */
  private static Map<String, Long> ticks() {
    Map<String, Long> ticks = new HashMap<>();
    read(Path.of("/proc/self/task"), ticks, false);
    read(Path.of("/proc"), ticks, true);
    ThreadGroupCpu.childProcessNanos().forEach((pid, nanos) ->
        ticks.put("broker/child-" + pid, nanos * ProcStat.TICKS_PER_SECOND / 1_000_000_000L));
    return ticks;
  }

  private static void read(Path directory, Map<String, Long> ticks, boolean postgresOnly) {
    try (Stream<Path> entries = Files.list(directory)) {
      entries.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(path -> readStat(path, ticks, postgresOnly));
    } catch (IOException | SecurityException e) {
      // No /proc (not Linux) or not readable: the share stays unknown and reads zero.
    }
  }

  private static void readStat(Path entry, Map<String, Long> ticks, boolean postgresOnly) {
    try {
      ProcStat stat = ProcStat.parse(Files.readString(entry.resolve("stat")));
      if (postgresOnly != stat.name().equals(POSTGRES)) {
        return;
      }
      ticks.put(group(stat.name()) + "/" + entry.getFileName(), stat.cpuTicks());
    } catch (IOException | RuntimeException e) {
      // The thread or process ended while being read: it no longer counts.
    }
  }

  // Linux keeps the first 15 characters of a thread's name. Connect names a task's thread after the task while it
  // runs; the broker's threads are named after their role; HotSpot names its collector and compiler threads.
  private static String group(String name) {
    if (name.equals(POSTGRES)) {
      return POSTGRES;
    }
    if (name.startsWith("task-thread-")) {
      return "connect tasks";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "GC";
    }
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT";
    }
    for (String broker : List.of("data-plane", "kafka-", "broker-", "controller-", "quorum", "raft",
        "ExpirationReape", "group-coordinat", "share-", "transaction-log", "persister", "LogDirFailure")) {
      if (name.startsWith(broker)) {
        return "broker";
      }
    }
    return "other JVM";
  }
}
