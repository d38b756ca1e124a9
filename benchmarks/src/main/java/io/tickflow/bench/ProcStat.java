package io.tickflow.bench;

/**
 * One line of Linux's {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat}: the name (the first 15
 * characters of a thread's name) and the CPU time used, user plus system.
 *
 * @param cpuTicks in USER_HZ ticks ({@link #TICKS_PER_SECOND})
 */
public record ProcStat(String name, long cpuTicks) {

  /** Linux's USER_HZ: /proc reports CPU times in hundredths of a second. */
  public static final long TICKS_PER_SECOND = 100;

  /** Parses a stat line; the name may hold spaces and parentheses, so it ends at the last ')'. */
  public static ProcStat parse(String stat) {
    int nameEnd = stat.lastIndexOf(')');
    // After "id (name) ", fields start at state (field 3); utime and stime are fields 14 and 15.
    String[] fields = stat.substring(nameEnd + 2).split(" ");
    return new ProcStat(stat.substring(stat.indexOf('(') + 1, nameEnd),
        Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
  }
}
