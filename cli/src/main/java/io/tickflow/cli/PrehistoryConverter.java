package io.tickflow.cli;

import io.tickflow.bars.Timeframe;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How much market the DTC simulator makes up before it starts: {@code 0}, or {@code <count><s|m|h|d>} as timeframes
 * are written, up to a day (at the demo's rate a day is some ten million events, made up before the simulator listens).
 */
public final class PrehistoryConverter implements ITypeConverter<Duration> {

  static final Duration MAX = Duration.ofDays(1);

  @Override
  public Duration convert(String value) {
    String text = value.trim();
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Duration prehistory;
    try {
      prehistory = Timeframe.parse(text).nominalLength();
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("'" + value
          + "' is not a duration: 0, or a count and s, m, h or d, e.g. 90m or 1h");
    }
    if (prehistory.compareTo(MAX) > 0) {
      throw new TypeConversionException("'" + value + "' is more than a day (1d)");
    }
    return prehistory;
  }
}
