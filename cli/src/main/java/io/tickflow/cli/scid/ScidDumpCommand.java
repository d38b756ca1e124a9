package io.tickflow.cli.scid;

import io.tickflow.cli.IsoInstantConverter;
import io.tickflow.scid.tools.ScidDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tickflow scid dump FILE}: prints a file's trades, for users checking their data. */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = "Print the trades of a .scid file (UTC time, price, bid, ask, size, side).")
public final class ScidDumpCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The .scid file.")
  private Path file;

  @Option(names = "--from", paramLabel = "T", converter = IsoInstantConverter.class, description = "First time printed, inclusive (ISO-8601 UTC, "
      + "e.g. 2023-02-21T20:38:00Z).")
  private Instant from;

  @Option(names = "--to", paramLabel = "T", converter = IsoInstantConverter.class, description = "Time to stop before, exclusive (ISO-8601 UTC).")
  private Instant to;

  @Option(names = "--format", defaultValue = "CSV", description = "csv or json (one object per line); "
      + "default: ${DEFAULT-VALUE}.")
  private ScidDump.Format format;

  @Override
  public Integer call() throws IOException {
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ParameterException(spec.commandLine(), "--from " + from + " must be before --to " + to);
    }
    if (!Files.isRegularFile(file)) {
      throw new ParameterException(spec.commandLine(), "No such file: " + file);
    }
    ScidDump.Summary summary = ScidDump.dump(new ScidDump.Options(file, from, to, format), System.out, System.err);
    System.out.flush();
    System.err.printf("%d trades printed, %d bar records skipped, %d records rejected%n", summary.tradesPrinted(),
        summary.barsSkipped(), summary.recordsRejected());
    return 0;
  }
}
