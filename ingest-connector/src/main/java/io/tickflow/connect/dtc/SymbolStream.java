package io.tickflow.connect.dtc;

import io.tickflow.dtc.client.MarketEvents;
import io.tickflow.schemas.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One symbol of a task: its source offset, trade sequence numbers and backfill state. Events arrive through one
 * queue, each connection's in the order the server sent them; the history may come over a connection of its own
 * (a separate historical data server), so only the seam below relates it to the live stream:
 *
 * <ol>
 *   <li>After every logon the server streams live trades of the (re-)subscribed symbol, and the task asks for the
 *       historical ticks from the whole second of its offset (or, with no offset yet, of its first live trade less
 *       the lookback).</li>
 *   <li>Live trades are held until the backfill ends. Those of the seconds before the history's last second are
 *       in the history and dropped; those of the last second are joined to its history by {@link BackfillSeam}
 *       (on one connection the answer holds them all; from a separate historical server it may stop before them);
 *       later ones are new.</li>
 *   <li>When the answer ends with history beyond the newest live trade held (a separate historical server answered
 *       trades still in flight on the market-data connection), the seam stays open: live trades that then arrive
 *       for seconds the history covered are dropped or joined the same way, until the live stream passes the
 *       history's end or {@code backfill.seam.timeout.ms} after the answer.</li>
 *   <li>Every historical tick is published as BACKFILL, then live trades as LIVE. The backfill re-delivers the
 *       trades from its start second that were published before; they get the same sequence (see
 *       {@link EventTimeSequencer}), because every trade of one event time lies in that second or later, and so
 *       they are exact duplicates for the Streams app's deduplication.</li>
 * </ol>
 *
 * When the backfill is rejected or not answered in time, the held live trades are published as they came (after
 * the seam with whatever history arrived, when some did) and the gap is logged and counted. Poll thread only.
 */
final class SymbolStream {

  private static final Logger log = LoggerFactory.getLogger(SymbolStream.class);
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long NONE = Long.MIN_VALUE;
  /** What MarketDataAdapter reports for a historical answer without ticks (an empty complete one, here too). */
  private static final String NO_RECORDS = "no records to return";

  /** Sends historical-ticks requests. */
  interface BackfillRequester {
    /** @return the request's id, which every answer carries */
    int request(SymbolSpec spec, long fromEpochMicros);

    /** The request is answered or no longer awaited: the client may forget it and must not send it again. */
    void forget(int requestId);
  }

  private enum State { AWAITING_FIRST_TRADE, BACKFILLING, LIVE, REJECTED }

  private final SymbolSpec spec;
  private final Map<String, String> partition;
  private final DtcRecords records;
  private final TaskMetrics metrics;
  private final BackfillRequester requester;
  private final long lookbackMicros;
  private final long backfillTimeoutNanos;
  private final long seamTimeoutNanos;
  private final LongSupplier nanoTime;
  private final EventTimeSequencer sequencer = new EventTimeSequencer();
  private final List<TradeEvent> held = new ArrayList<>();
  /** Where in {@link #held} each session after the first began (a reconnect superseded its backfill). */
  private final List<Integer> sessionStarts = new ArrayList<>();
  /**
   * The last whole second of history published while the live trades are held, by any backfill since they were:
   * the held ones up to it are in it, also when a reconnect superseded that backfill and the next one fails.
   */
  private long historyPublishedSecond = NONE;
  private final BackfillSeam seam = new BackfillSeam();
  private Map<String, ?> offset;
  private State state = State.AWAITING_FIRST_TRADE;
  private long anchorMicros = NONE;
  private long backfillFromMicros;
  private int pendingRequest;
  private long requestedAtNanos;
  private long seamOpenedAtNanos;
  private boolean backfillStarted;
  private boolean backfilledSinceAsked;
  private boolean snapshotOpen;
  /**
   * The open snapshot's first level said it was first (IsFirstMessageInBatch, BEGIN_BATCH): its server flags batches,
   * so its last level will say it is last. Without flags an update is the only sign that the snapshot is over.
   */
  private boolean snapshotFlagged;

  /**
   * @param storedOffset the committed offset of the symbol's partition, null when there is none
   * @param seamTimeout  how long after an answer the seam stays open for live trades the history may hold
   * @param nanoTime     a monotonic clock ({@code System::nanoTime}) for the timeouts: the wall clock can jump, and
   *                     a jump forward would give up a backfill that is on its way and leave a gap
   */
  SymbolStream(SymbolSpec spec, Map<String, ?> storedOffset, DtcRecords records, TaskMetrics metrics,
               BackfillRequester requester, Duration backfillLookback, Duration backfillTimeout,
               Duration seamTimeout, LongSupplier nanoTime) {
    this.spec = spec;
    this.partition = records.partition(spec);
    this.records = records;
    this.metrics = metrics;
    this.requester = requester;
    this.lookbackMicros = backfillLookback.toNanos() / 1000;
    this.backfillTimeoutNanos = backfillTimeout.toNanos();
    this.seamTimeoutNanos = seamTimeout.toNanos();
    this.nanoTime = nanoTime;
    this.offset = storedOffset != null && storedOffset.get(DtcRecords.EVENT_TIME_FIELD) instanceof Number
        ? Map.copyOf(storedOffset) : null;
  }

  SymbolSpec spec() {
    return spec;
  }

  /** The source partition of the symbol's records. */
  Map<String, String> partition() {
    return partition;
  }

  /** The offset after the last published trade; empty before the first. */
  Map<String, ?> offset() {
    return offset != null ? offset : Map.of();
  }

  /** Whether the symbol waits for the end of a historical answer (its live trades held meanwhile). */
  boolean isBackfilling() {
    return state == State.BACKFILLING;
  }

  /**
   * Whether the symbol waited for a historical answer at any time since the last call: the answer may have come and
   * ended within one poll, whose records must then be handed on as a backfill's.
   */
  boolean backfilledSinceAsked() {
    final boolean backfilled = backfilledSinceAsked || isBackfilling();
    backfilledSinceAsked = isBackfilling(); // still waiting: part of the next poll too, wherever its answer ends
    return backfilled;
  }

  /** A LOGON_RESPONSE (success) in the stream: the server is about to stream live data again. */
  void onSessionStart() {
    // A snapshot cut off by the disconnect never ends; the new session's snapshot must clear the book again.
    snapshotOpen = false;
    if (state == State.REJECTED) {
      return;
    }
    if (state == State.BACKFILLING) {
      sessionStarts.add(held.size());
    }
    final long from = offset != null ? offsetSecond() : anchorMicros;
    if (from == NONE) {
      state = State.AWAITING_FIRST_TRADE;
    } else {
      requestBackfill(from);
    }
  }

  /**
   * The server says the live stream missed data (a HEARTBEAT with dropped messages, its feed back after an
   * outage). It does not say whose, so every live symbol fills the gap as after a reconnect: from its offset's
   * second, holding the live trades until the answer ends.
   */
  void onGap() {
    if (state == State.LIVE && offset != null) {
      requestBackfill(offsetSecond());
    }
  }

  void onLiveTrade(TradeEvent trade, List<SourceRecord> out) {
    switch (state) {
      case LIVE:
        if (seam.isOpen()) {
          throughSeam(trade, out);
        } else {
          publish(trade, DataSource.LIVE, out);
          metrics.liveTrades.incrementAndGet();
        }
        metrics.eventLagMillis.set((DtcRecords.micros(trade.receiveTime()) - trade.eventTimeMicros()) / 1000);
        break;
      case AWAITING_FIRST_TRADE:
        held.add(trade);
        anchorMicros = wholeSecond(trade.eventTimeMicros() - lookbackMicros);
        requestBackfill(anchorMicros);
        break;
      case BACKFILLING:
        held.add(trade);
        break;
      default:
        droppedAfterReject();
        break;
    }
  }

  void onHistoricalTick(MarketEvents.HistoricalTick tick, Instant receiveTime, List<SourceRecord> out) {
    if (!isAwaited(tick.requestId())) {
      log.debug("Ignoring a historical tick of {} for request {}, which is no longer awaited", spec,
          tick.requestId());
      return;
    }
    if (!backfillStarted) {
      sequencer.forgetFrom(backfillFromMicros);
      backfillStarted = true;
    }
    final List<TradeEvent> complete = seam.add(TradeEvent.historical(tick, receiveTime));
    if (!complete.isEmpty()) {
      historyPublishedSecond = wholeSecond(complete.get(0).eventTimeMicros());
    }
    publishHistory(complete, out);
    if (tick.finalRecord()) {
      completeBackfill(out);
    }
  }

  /** A historical request ended without a final tick: no records to return, or rejected. */
  void onHistoricalEnd(int requestId, String reason, List<SourceRecord> out) {
    if (isAwaited(requestId)) {
      endBackfillWithoutTicks(reason, out);
    }
  }

  /**
   * A RESPONSE_TRAILER: the answer is complete with the ticks received, as after a final tick. One that follows a
   * final tick finds the backfill over, and is ignored like one of an unknown request.
   */
  void onHistoricalComplete(int requestId, List<SourceRecord> out) {
    if (!isAwaited(requestId)) {
      log.debug("Ignoring the trailer of {} for request {}, which is no longer awaited", spec, requestId);
    } else if (seam.isEmpty()) {
      endBackfillWithoutTicks(NO_RECORDS, out);
    } else {
      completeBackfill(out);
    }
  }

  private boolean isAwaited(int requestId) {
    return state == State.BACKFILLING && requestId == pendingRequest;
  }

  /** Gives up a backfill that was not answered within its timeout, and closes a seam open beyond its own. */
  void checkTimeouts(List<SourceRecord> out) {
    if (state == State.BACKFILLING && nanoTime.getAsLong() - requestedAtNanos > backfillTimeoutNanos) {
      endBackfillWithoutTicks("no complete answer within " + backfillTimeoutNanos / 1_000_000 + " ms", out);
    } else if (seam.isOpen() && nanoTime.getAsLong() - seamOpenedAtNanos > seamTimeoutNanos) {
      closeSeamAtItsBound();
    }
  }

  /**
   * The live stream did not pass the end of the history in time: it is quiet, behind for that long, or will not
   * send trades the history holds. The trades held are a run of the history, which published them.
   */
  private void closeSeamAtItsBound() {
    final int offered = seam.offered();
    final int dropped = seam.clear();
    metrics.liveTradesReplaced.addAndGet(dropped);
    if (offered > 0 || dropped > 0) {
      metrics.seamTimeouts.incrementAndGet();
      log.warn("The live trades of {} did not pass the end of the history of its backfill from {} within {} ms:"
          + " the {} held are in the history and dropped; live trades of the history's last second still to come"
          + " are published as new and may repeat it.", spec, DtcRecords.instant(backfillFromMicros),
          seamTimeoutNanos / 1_000_000, dropped);
    } else {
      log.debug("No live trade of {} since its backfill from {} ended; the seam is closed",
          spec, DtcRecords.instant(backfillFromMicros));
    }
  }

  /** A live trade while the seam is open: published, held or dropped as the history's. */
  private void throughSeam(TradeEvent trade, List<SourceRecord> out) {
    final BackfillSeam.Resolution resolution = seam.offer(trade);
    publishLive(resolution.live(), out);
    metrics.liveTradesReplaced.addAndGet(resolution.replaced());
  }

  void onQuote(MarketEvents.Quote quote, Instant receiveTime, List<SourceRecord> out) {
    if (state == State.REJECTED) {
      droppedAfterReject();
      return;
    }
    out.add(records.quote(spec, offset(), quote, receiveTime));
    metrics.quotes.incrementAndGet();
  }

  /** Market data the server sends for a symbol it rejected is a server fault, as for one never subscribed. */
  private void droppedAfterReject() {
    metrics.unknownSymbolMessages.incrementAndGet();
  }

  /**
   * Only snapshot levels open and close a snapshot's batch. An update that arrives inside it is published as part of
   * the batch (not its end), so that the book is never shown with half the snapshot, and the snapshot's next level
   * does not clear the levels already received. A snapshot whose levels carry no batch flags (MARKET_DEPTH_SNAPSHOT_
   * LEVEL_FLOAT with FinalUpdateInBatch unset) has no last level: the first update ends it, else its book never would.
   */
  void onDepth(MarketEvents.Depth depth, Instant receiveTime, List<SourceRecord> out) {
    if (state == State.REJECTED) {
      droppedAfterReject();
      return;
    }
    if (depth.updateType() == MarketEvents.Depth.SNAPSHOT) {
      onSnapshotLevel(depth, receiveTime, out);
    } else {
      publishDepth(snapshotOpen && snapshotFlagged ? depth.continuingBatch() : depth, receiveTime, out);
      snapshotOpen &= snapshotFlagged;
    }
  }

  /**
   * The book is cleared before the first level of each snapshot, also when an earlier one is still open: the server
   * re-sent the book (depth requested again) and the levels received so far are replaced, not merged.
   */
  private void onSnapshotLevel(MarketEvents.Depth depth, Instant receiveTime, List<SourceRecord> out) {
    if (depth.firstOfBatch() || !snapshotOpen) {
      snapshotFlagged = depth.firstOfBatch();
      final boolean emptyBook = depth.endOfBatch() && !DtcRecords.holdsLevel(depth);
      out.add(records.clearBook(spec, offset(), depth.eventTimeMicros(), receiveTime, emptyBook));
      metrics.depthUpdates.incrementAndGet();
      if (emptyBook) {
        snapshotOpen = false;
        return;
      }
    }
    snapshotOpen = !depth.endOfBatch();
    publishDepth(depth, receiveTime, out);
  }

  private void publishDepth(MarketEvents.Depth depth, Instant receiveTime, List<SourceRecord> out) {
    out.add(records.depth(spec, offset(), depth, receiveTime));
    metrics.depthUpdates.incrementAndGet();
  }

  void onSecurityDefinition(MarketEvents.SecurityDefinition definition, Instant receiveTime,
                            List<SourceRecord> out) {
    out.add(records.securityDefinition(spec, offset(), definition, receiveTime));
    metrics.securityDefinitions.incrementAndGet();
  }

  /**
   * MARKET_DATA_REJECT: nothing more comes for this symbol. Logged, counted and dead-lettered; the task and the
   * other symbols go on. Live trades held for a backfill (also from before a reconnect) are real trades: published
   * as after a failed backfill, not dropped uncounted.
   */
  void onRejected(String server, String reason, String intendedTopic, Instant time, List<SourceRecord> out) {
    log.error("DTC server {} rejected symbol {}: {}. It is not subscribed again; the other symbols go on.", server,
        spec, reason);
    if (state == State.BACKFILLING) {
      endBackfillWithoutTicks("the symbol was rejected", out);
    }
    state = State.REJECTED;
    // Held by an open seam: a run of the history published, as when the seam closes at its bound.
    metrics.liveTradesReplaced.addAndGet(seam.clear());
    metrics.symbolsRejected.incrementAndGet();
    out.add(records.deadLetter(spec, offset(), intendedTopic, "symbol_rejected",
        "DTC server " + server + " rejected symbol " + spec + ": " + reason, time));
  }

  /** MARKET_DEPTH_REJECT: the symbol's trades and quotes go on, without depth. */
  void onDepthRejected(String server, String reason, String intendedTopic, Instant time, List<SourceRecord> out) {
    log.error("DTC server {} rejected market depth of {}: {}. Its trades and quotes go on.", server, spec, reason);
    metrics.depthRejected.incrementAndGet();
    out.add(records.deadLetter(spec, offset(), intendedTopic, "depth_rejected",
        "DTC server " + server + " rejected market depth of " + spec + ": " + reason, time));
  }

  private void requestBackfill(long fromMicros) {
    if (state == State.BACKFILLING) {
      requester.forget(pendingRequest); // superseded: a reconnect mid-backfill asks again from the offset
    }
    backfillFromMicros = fromMicros;
    pendingRequest = requester.request(spec, fromMicros);
    requestedAtNanos = nanoTime.getAsLong();
    backfillStarted = false;
    // The superseding backfill asks again from the offset, before these ticks. The live trades an open seam held
    // are a run of the history it published, so the new one re-delivers them.
    metrics.liveTradesReplaced.addAndGet(seam.clear());
    state = State.BACKFILLING;
    backfilledSinceAsked = true;
    metrics.backfills.incrementAndGet();
    log.info("Requesting the historical ticks of {} from {} (request {})", spec, DtcRecords.instant(fromMicros),
        pendingRequest);
  }

  private void completeBackfill(List<SourceRecord> out) {
    final int replaced = closeSeam(out);
    log.info("Backfill of {} from {} complete; it re-delivered {} of the live trades received meanwhile", spec,
        DtcRecords.instant(backfillFromMicros), replaced);
    requester.forget(pendingRequest);
    state = State.LIVE;
    metrics.backfillsCompleted.incrementAndGet();
  }

  private void endBackfillWithoutTicks(String reason, List<SourceRecord> out) {
    if (held.isEmpty() && seam.isEmpty() && NO_RECORDS.equals(reason)) {
      log.info("Backfill of {} from {}: no trades to fill", spec, DtcRecords.instant(backfillFromMicros));
      metrics.backfillsCompleted.incrementAndGet();
    } else {
      metrics.backfillFailures.incrementAndGet();
      log.warn("Backfill of {} from {} failed ({}); publishing the {} live trades held meanwhile as they came,"
          + " less those the history received so far holds. Trades in the gap may be missing.", spec,
          DtcRecords.instant(backfillFromMicros), reason, held.size());
    }
    requester.forget(pendingRequest);
    state = State.LIVE;
    if (seam.isEmpty()) {
      final List<TradeEvent> unpublished = held.stream()
          .filter(trade -> wholeSecond(trade.eventTimeMicros()) > historyPublishedSecond).toList();
      metrics.liveTradesReplaced.addAndGet(held.size() - unpublished.size());
      publishLive(unpublished, out);
      clearHeld();
    } else {
      closeSeam(out); // what history arrived is as good as a complete answer up to its last second
    }
  }

  /**
   * Publishes the history's last second and the held live trades it does not hold.
   *
   * @return how many held live trades the history replaced
   */
  private int closeSeam(List<SourceRecord> out) {
    final List<List<TradeEvent>> earlierSessions = new ArrayList<>();
    int from = 0;
    for (final int start : sessionStarts) {
      earlierSessions.add(held.subList(from, start));
      from = start;
    }
    final BackfillSeam.Resolution resolution = seam.close(earlierSessions, held.subList(from, held.size()));
    clearHeld();
    publishHistory(resolution.history(), out);
    publishLive(resolution.live(), out);
    metrics.liveTradesReplaced.addAndGet(resolution.replaced());
    seamOpenedAtNanos = nanoTime.getAsLong();
    return resolution.replaced();
  }

  private void clearHeld() {
    held.clear();
    sessionStarts.clear();
    historyPublishedSecond = NONE;
  }

  private void publishHistory(List<TradeEvent> ticks, List<SourceRecord> out) {
    for (final TradeEvent tick : ticks) {
      publish(tick, DataSource.BACKFILL, out);
      metrics.backfillTrades.incrementAndGet();
    }
  }

  private void publishLive(List<TradeEvent> trades, List<SourceRecord> out) {
    for (final TradeEvent trade : trades) {
      publish(trade, DataSource.LIVE, out);
      metrics.liveTrades.incrementAndGet();
    }
  }

  private void publish(TradeEvent trade, DataSource source, List<SourceRecord> out) {
    final int sequence = sequencer.next(trade.eventTimeMicros());
    offset = DtcRecords.offset(trade.eventTimeMicros(), sequence);
    out.add(records.trade(spec, offset, trade, sequence, source));
  }

  private long offsetSecond() {
    return wholeSecond(((Number) offset.get(DtcRecords.EVENT_TIME_FIELD)).longValue());
  }

  private static long wholeSecond(long micros) {
    return Math.floorDiv(micros, MICROS_PER_SECOND) * MICROS_PER_SECOND;
  }
}
