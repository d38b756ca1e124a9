package io.tickflow.cli.instruments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.tickflow.schemas.SecurityDefinition;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstrumentsCsvTest {

  private static final Instant NOW = Instant.parse("2026-11-28T15:00:00Z");

  @Test
  void shouldTakeTheSchemasDefaultsForTheColumnsLeftOutOrEmpty() throws IOException {
    List<SecurityDefinition> definitions = read("""
        symbol,tickSize,exchange
        ESZ6,0.25,CME
        NQZ6,0.25,
        """);

    assertThat(definitions).containsExactly(
        new SecurityDefinition("ESZ6", "CME", "", 0.25, -1, 0.0, "", LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "UTC",
            NOW),
        new SecurityDefinition("NQZ6", "", "", 0.25, -1, 0.0, "", LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, "UTC",
            NOW));
  }

  /** As a spreadsheet saves it: a byte order mark first, spaces after the commas. */
  @Test
  void shouldReadASpreadsheetsCsv() throws IOException {
    List<SecurityDefinition> definitions = read("\uFEFFsymbol, tickSize, exchange\r\nCLF7, 0.01, NYMEX\r\n");

    assertThat(definitions).extracting(SecurityDefinition::getSymbol, SecurityDefinition::getTickSize,
        SecurityDefinition::getExchange).containsExactly(tuple("CLF7", 0.01, "NYMEX"));
  }

  /** What the API writes can be sent back: a deployment's instruments copied to another. */
  @Test
  void shouldReadWhatTheInstrumentsEndpointWritesAsCsv() throws IOException {
    List<SecurityDefinition> definitions = read("""
        symbol,exchange,description,tickSize,priceDisplayFormat,tickValue,currency,sessionOpen,sessionTimeZone,updated
        ZNH27,CBOT,"10-Year T-Note, Mar 2027",0.015625,134,15.625,USD,17:00:00,America/Chicago,2026-11-28T14:10:15.465032Z
        """);

    assertThat(definitions).containsExactly(new SecurityDefinition("ZNH27", "CBOT", "10-Year T-Note, Mar 2027",
        0.015625, 134, 15.625, "USD", LocalTime.of(17, 0), LocalTime.MIDNIGHT, "America/Chicago",
        Instant.parse("2026-11-28T14:10:15.465032Z")));
  }

  @Test
  void shouldNameEveryMistakeByLineAndColumn() {
    InvalidInstrumentsException e = catchThrowableOfType(InvalidInstrumentsException.class, () -> read("""
        symbol,tickSize,priceDisplayFormat,sessionOpen,sessionTimeZone,updated
        ESZ6,0.25,2,17:00,America/Chicago,
        ,0,133,25:00,Mars/Olympus,yesterday
        GCG7,,1,,,
        """));

    assertThat(e.problems()).containsExactly(
        "line 3: symbol '' is blank",
        "line 3: tickSize '0' is not a number above 0",
        "line 3: priceDisplayFormat '133' is not a DTC price display format: -1, 0 to 9, 102, 104, 108, 116, 132, "
            + "134, 136, 140, 164, 228 or 356",
        "line 3: sessionOpen '25:00' is not a time, 17:00",
        "line 3: sessionTimeZone 'Mars/Olympus' is not an IANA time zone, America/Chicago",
        "line 3: updated 'yesterday' is not an ISO-8601 instant, 2026-11-28T14:00:00Z",
        "line 4: tickSize is required");
  }

  @Test
  void shouldRefuseAFileWithoutTheRequiredColumnsOrWithUnknownOnes() {
    InvalidInstrumentsException e = catchThrowableOfType(InvalidInstrumentsException.class, () -> read("""
        symbol,tick,exchange
        ESZ6,0.25,CME
        """));

    assertThat(e.problems()).containsExactly(
        "line 1: unknown column 'tick'; the columns are symbol,exchange,description,tickSize,priceDisplayFormat,"
            + "tickValue,currency,sessionOpen,sessionClose,sessionTimeZone,updated",
        "line 1: the column 'tickSize' is required");
    assertThat(catchThrowableOfType(InvalidInstrumentsException.class, () -> read("")).problems())
        .containsExactly("line 1: Empty header line: can not bind data");
    assertThat(catchThrowableOfType(InvalidInstrumentsException.class, () -> read("symbol,tickSize\n\"ES,0.25\n"))
        .problems()).singleElement().asString().endsWith(": Missing closing quote for value");
  }

  private static List<SecurityDefinition> read(String csv) throws IOException {
    return InstrumentsCsv.read(new StringReader(csv), NOW);
  }
}
