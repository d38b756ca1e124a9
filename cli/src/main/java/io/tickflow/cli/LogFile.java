package io.tickflow.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends all logging to one file instead of the terminal, for long-running commands that print their own status
 * lines (the demo): the user sees progress, and the full log is one {@code tail -f} away. The file rolls over at
 * {@link #MAX_FILE_SIZE}, keeping {@link #ROLLED_FILES} older ones ({@code tickflow.1.log} the newest), so a demo
 * left running for weeks, or a component failing in a loop, cannot fill the disk.
 */
public final class LogFile {

  static final FileSize MAX_FILE_SIZE = FileSize.valueOf("20MB");
  static final int ROLLED_FILES = 4;
  /** How often the file's size is checked: at most once a second, not at every event. */
  private static final Duration SIZE_CHECK_INTERVAL = Duration.buildBySeconds(1);

  private LogFile() {
  }

  /**
   * Replaces every appender with one writing to {@code file} (appending); Tickflow at INFO, libraries at WARN, a
   * failed command's stack trace included.
   */
  public static void redirectTo(Path file) {
    redirectTo(file, MAX_FILE_SIZE, SIZE_CHECK_INTERVAL);
  }

  static void redirectTo(Path file, FileSize maxFileSize, Duration sizeCheckInterval) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("file");
    appender.setFile(file.toAbsolutePath().toString());
    appender.setAppend(true);
    appender.setEncoder(encoder);
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(rolledName(file.toAbsolutePath()));
    rolling.setMinIndex(1);
    rolling.setMaxIndex(ROLLED_FILES);
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(maxFileSize);
    trigger.setCheckIncrement(sizeCheckInterval);
    trigger.start();
    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(appender);
    context.getLogger("io.tickflow").setLevel(Level.INFO);
    // The terminal shows a failure as one line; the file is where its stack trace is looked for.
    context.getLogger(OneLineErrors.class).setLevel(Level.DEBUG);
  }

  /** {@code dir/tickflow.log} rolls to {@code dir/tickflow.%i.log}. */
  private static String rolledName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String rolled = dot > 0 ? name.substring(0, dot) + ".%i" + name.substring(dot) : name + ".%i";
    return file.resolveSibling(rolled).toString();
  }
}
