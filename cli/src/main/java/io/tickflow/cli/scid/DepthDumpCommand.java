package io.tickflow.cli.scid;

import io.tickflow.scid.tools.DepthDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tickflow depth dump FILE}: prints a market depth file's records, for users debugging their depth data. */
@Command(name = "dump", mixinStandardHelpOptions = true,
    description = "Print the records of a .depth file (UTC time, command, price, quantity, orders, end of batch).")
public final class DepthDumpCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE", description = "The .depth file.")
  private Path file;

  @Mixin
  private DumpOptions options;

  @Override
  public Integer call() throws IOException {
    options.check(file);
    DepthDump.Summary summary = DepthDump.dump(options.request(file), System.out, System.err);
    System.out.flush();
    System.err.printf("%d depth records printed%s, %d records rejected%n", summary.recordsPrinted(),
        options.limitNote(summary.limitReached()), summary.recordsRejected());
    return 0;
  }
}
