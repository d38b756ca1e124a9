package io.tickflow.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a command's failure (a port in use, an unreachable broker, a refused database) into one line on stderr and
 * exit code 1, instead of a stack trace. The trace is logged at DEBUG: the short commands log to the terminal, where
 * it would bury the line; the demo's log file keeps it ({@link LogFile}).
 */
final class OneLineErrors implements IExecutionExceptionHandler {

  static final int EXIT_FAILED = 1;
  private static final Logger log = LoggerFactory.getLogger(OneLineErrors.class);

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    // The whole command path ("tickflow scid dump"), as the user typed it.
    String name = command.getCommandSpec().qualifiedName();
    log.debug("{} failed", name, e);
    command.getErr().println(name + ": " + message(e));
    command.getErr().flush();
    return EXIT_FAILED;
  }

  /**
   * The innermost message that says something, e.g. "Connection refused" rather than a wrapper's class name; of a
   * message of several lines (Flyway's: a title, then a block of SQL state, code and message), the first line and
   * its cause's, e.g. "Unable to create schema "tickflow": ERROR: permission denied for database postgres".
   */
  static String message(Throwable e) {
    Throwable cause = e;
    String message = e.getMessage();
    while (cause.getCause() != null && cause.getCause() != cause && (message == null || message.isBlank())) {
      cause = cause.getCause();
      message = cause.getMessage();
    }
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String first = message.strip().lines().findFirst().orElseThrow();
    Throwable reason = cause.getCause();
    boolean explained = first.equals(message.strip()) || reason == null || reason.getMessage() == null
        || reason.getMessage().isBlank();
    return explained ? first : first + ": " + reason.getMessage().strip().lines().findFirst().orElseThrow();
  }
}
