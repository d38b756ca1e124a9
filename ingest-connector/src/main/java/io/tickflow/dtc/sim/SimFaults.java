package io.tickflow.dtc.sim;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Faults a test can switch on in a running {@link DtcSimulator}; safe to change from any thread. */
public final class SimFaults {
  static final int LOGON_SUCCESS = 1;

  /** How a historical answer with records ends; DTC servers differ, and the header defines both. */
  public enum HistoryEnd {
    /** The last record has IsFinalRecord = 1 (what Sierra Chart does). */
    FINAL_RECORD,
    /** No record is flagged final; a HISTORICAL_PRICE_DATA_RESPONSE_TRAILER follows the last one. */
    TRAILER,
    /** The last record is flagged final, and a trailer follows it. */
    BOTH;

    boolean flagsFinalRecord() {
      return this != TRAILER;
    }

    boolean sendsTrailer() {
      return this != FINAL_RECORD;
    }
  }

  private final Set<String> rejectedSymbols = ConcurrentHashMap.newKeySet();
  private final Set<String> withheldHistories = ConcurrentHashMap.newKeySet();
  private volatile boolean heartbeatsStopped;
  private volatile int logonResult = LOGON_SUCCESS;
  private volatile String logonText = "";
  private volatile String historyRejectText;
  private volatile int historyCutAfter = -1;
  private volatile HistoryEnd historyEnd = HistoryEnd.FINAL_RECORD;
  private volatile long liveBurstNanos;

  /** Answer MARKET_DATA_REQUEST and MARKET_DEPTH_REQUEST for the symbol with a reject. */
  public void rejectSymbol(String symbol) {
    rejectedSymbols.add(symbol);
  }

  /** Stop (or resume) sending heartbeats; with no market data flowing the client sees a silent peer. */
  public void stopHeartbeats(boolean stopped) {
    heartbeatsStopped = stopped;
  }

  /** Answer the next logons with this LogonStatusEnum (2, 3, 4) and text, then close; 1 restores success. */
  public void refuseLogons(int result, String text) {
    logonText = text;
    logonResult = result;
  }

  /** Answer historical requests with a HISTORICAL_PRICE_DATA_REJECT of this text; null serves them again. */
  public void rejectHistory(String text) {
    historyRejectText = text;
  }

  /** Leave the historical requests for the symbol unanswered, their connection open, as a server that hangs does. */
  public void withholdHistory(String symbol) {
    withheldHistories.add(symbol);
  }

  /** Close the connection after this many ticks of each historical answer (no final record); -1 to send all. */
  public void cutHistoryAfter(int ticks) {
    historyCutAfter = ticks;
  }

  /** End the historical answers with records this way from now on ({@link HistoryEnd#FINAL_RECORD} at first). */
  public void endHistoryWith(HistoryEnd end) {
    historyEnd = end;
  }

  /**
   * Send the market data in bursts this far apart (zero: every millisecond, as at first). The trades of a burst are
   * in the history before they are sent, so a historical answer can hold trades the live feed has not delivered
   * yet, as a busy server's can (its live messages queued behind others, or in the socket's buffers).
   */
  public void sendLiveInBursts(Duration interval) {
    liveBurstNanos = interval.toNanos();
  }

  long liveBurstNanos() {
    return liveBurstNanos;
  }

  HistoryEnd historyEnd() {
    return historyEnd;
  }

  String historyRejectText() {
    return historyRejectText;
  }

  int historyCutAfter() {
    return historyCutAfter;
  }

  boolean isHistoryWithheld(String symbol) {
    return withheldHistories.contains(symbol);
  }

  boolean isRejected(String symbol) {
    return rejectedSymbols.contains(symbol);
  }

  boolean heartbeatsStopped() {
    return heartbeatsStopped;
  }

  int logonResult() {
    return logonResult;
  }

  String logonText() {
    return logonText;
  }
}
