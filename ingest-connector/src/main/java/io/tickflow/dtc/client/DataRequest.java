package io.tickflow.dtc.client;

/**
 * An outstanding security definition or historical request, re-sent after a reconnect until it completes.
 *
 * @param requestId         the RequestID the client chose; every response message carries it
 * @param kind              what was asked
 * @param symbol            symbol text
 * @param exchange          exchange, may be empty
 * @param startEpochSeconds first second of historical ticks wanted (HISTORICAL_TICKS only)
 */
public record DataRequest(int requestId, Kind kind, String symbol, String exchange, long startEpochSeconds) {

  /** What a request asks for. */
  public enum Kind { SECURITY_DEFINITION, HISTORICAL_TICKS }
}
