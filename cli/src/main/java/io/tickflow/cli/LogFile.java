package io.tickflow.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends all logging to one file instead of the terminal, for long-running commands that print their own status
 * lines (the demo): the user sees progress, and the full log is one {@code tail -f} away.
 */
public final class LogFile {

  private LogFile() {
  }

  /**
   * Replaces every appender with one writing to {@code file} (appending); Tickflow at INFO, libraries at WARN, a
   * failed command's stack trace included.
   */
  public static void redirectTo(Path file) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("file");
    appender.setFile(file.toAbsolutePath().toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(appender);
    context.getLogger("io.tickflow").setLevel(Level.INFO);
    // The terminal shows a failure as one line; the file is where its stack trace is looked for.
    context.getLogger(OneLineErrors.class).setLevel(Level.DEBUG);
  }
}
