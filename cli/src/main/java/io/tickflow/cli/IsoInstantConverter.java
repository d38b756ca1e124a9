package io.tickflow.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses an ISO-8601 UTC instant option and says what was expected when it is not one. */
public final class IsoInstantConverter implements ITypeConverter<Instant> {

  @Override
  public Instant convert(String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not an ISO-8601 UTC time, e.g. 2023-02-21T20:38:00Z");
    }
  }
}
