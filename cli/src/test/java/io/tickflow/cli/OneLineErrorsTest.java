package io.tickflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class OneLineErrorsTest {

  @TempDir
  Path dir;

  @Test
  void shouldReportAFailureInOneLineAndKeepItsStackTraceOffTheConsole() throws Exception {
    Path notScid = Files.writeString(dir.resolve("notes.txt"), "not a Sierra Chart file");
    Logger logger = (Logger) LoggerFactory.getLogger(OneLineErrors.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    StringWriter err = new StringWriter();
    CommandLine cli = TickflowCli.commandLine();
    cli.setErr(new PrintWriter(err));
    try {
      assertThat(cli.execute("scid", "dump", notScid.toString())).isEqualTo(OneLineErrors.EXIT_FAILED);
    } finally {
      logger.detachAppender(events);
    }

    assertThat(err.toString()).isEqualTo("tickflow scid dump: " + notScid + " at byte 0: unknown extension, expected "
        + ".scid or .depth" + System.lineSeparator());
    // The console shows INFO and above (logback.xml): the trace must sit below that.
    assertThat(events.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.INFO));
  }

  @Test
  void shouldReportTheFirstLineAndItsCauseOfAMessageOfSeveralLines() {
    // As Flyway reports a statement the database refused.
    Exception flyway = new IllegalStateException("Unable to create schema \"tickflow\"\n-----\nSQL State  : 42501\n"
        + "Message    : ERROR: permission denied for database postgres\n",
        new SQLException("ERROR: permission denied for database postgres\n  Where: somewhere"));

    assertThat(OneLineErrors.message(flyway))
        .isEqualTo("Unable to create schema \"tickflow\": ERROR: permission denied for database postgres");
    assertThat(OneLineErrors.message(new IllegalStateException("one line", new SQLException("cause"))))
        .isEqualTo("one line");
  }
}
