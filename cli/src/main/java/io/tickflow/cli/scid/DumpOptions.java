package io.tickflow.cli.scid;

import io.tickflow.cli.IsoInstantConverter;
import io.tickflow.cli.NonNegativeIntConverter;
import io.tickflow.scid.tools.DumpRequest;
import io.tickflow.scid.tools.DumpFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options the dump commands of Sierra Chart files share: the time range, the limit and the output format. */
public final class DumpOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--from", paramLabel = "T", converter = IsoInstantConverter.class, description = "First time "
      + "printed, inclusive (ISO-8601 UTC, e.g. 2023-02-21T20:38:00Z).")
  private Instant from;

  @Option(names = "--to", paramLabel = "T", converter = IsoInstantConverter.class, description = "Time to stop "
      + "before, exclusive (ISO-8601 UTC).")
  private Instant to;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0", converter = NonNegativeIntConverter.class,
      description = "The most records printed, 0 for all; default: ${DEFAULT-VALUE}.")
  private int limit;

  @Option(names = "--format", defaultValue = "CSV", description = "csv or json (one object per line); "
      + "default: ${DEFAULT-VALUE}.")
  private DumpFormat format;

  /**
   * Checks the range and that {@code file} exists, before anything is read.
   *
   * @throws ParameterException for an empty range or a missing file (exit code 2)
   */
  void check(Path file) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ParameterException(mixee.commandLine(), "--from " + from + " must be before --to " + to);
    }
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(mixee.commandLine(), "No such file: " + file);
    }
  }

  /** What to dump of {@code file}, once {@link #check}ed. */
  DumpRequest request(Path file) {
    return new DumpRequest(file, from, to, limit, format);
  }

  /** The end of the summary line: whether the dump stopped at the limit. */
  String limitNote(boolean limitReached) {
    return limitReached ? " (stopped at --limit " + limit + ")" : "";
  }
}
