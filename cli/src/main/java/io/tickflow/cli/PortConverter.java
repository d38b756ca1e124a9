package io.tickflow.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a TCP port option, so that a port out of range is a usage error before anything starts (the demo would
 * otherwise start its broker first and fail halfway).
 */
public final class PortConverter implements ITypeConverter<Integer> {

  @Override
  public Integer convert(String value) {
    int port = NonNegativeIntConverter.parse(value);
    if (port > 0xFFFF) {
      throw new TypeConversionException("'" + value + "' is not a TCP port (0 to 65535)");
    }
    return port;
  }
}
