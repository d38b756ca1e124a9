package io.tickflow.cli.scid;

import io.tickflow.scid.tools.ScidDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tickflow scid dump FILE}: prints a file's trades, for users checking their data. */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = "Print the trades of a .scid file (UTC time, price, bid, ask, size, side).")
public final class ScidDumpCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .scid file.")
  private Path file;

  @Mixin
  private DumpOptions options;

  @Override
  public Integer call() throws IOException {
    options.check(file);
    ScidDump.Summary summary = ScidDump.dump(options.request(file), System.out, System.err);
    System.out.flush();
    System.err.printf("%d trades printed%s, %d bar records skipped, %d records rejected%n", summary.tradesPrinted(),
        options.limitNote(summary.limitReached()), summary.barsSkipped(), summary.recordsRejected());
    return 0;
  }
}
