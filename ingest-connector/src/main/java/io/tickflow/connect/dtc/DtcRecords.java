package io.tickflow.connect.dtc;

import io.tickflow.connect.converter.ConnectAvroData;
import io.tickflow.dtc.client.AggressorSide;
import io.tickflow.dtc.client.MarketEvents;
import io.tickflow.dtc.codec.Unset;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import io.tickflow.symbols.SymbolNormalizer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Builds the Connect records of one task from normalized DTC events: contract records (so the project's converter
 * writes exactly what the Streams app reads), timestamped with their event time, with the symbol's source partition
 * {@code {server, symbol}} and the offset the caller gives. The key is the canonical symbol at the record's time
 * ({@code ESZ6} is keyed {@code ESZ26}) while the value keeps the symbol as configured: the key places the record in
 * the partition the Streams app processes that instrument in, so it needs no repartition. Not thread-safe (its
 * normalizer caches); used on the task's poll thread only.
 */
final class DtcRecords {

  static final String SERVER_FIELD = "server";
  static final String SYMBOL_FIELD = "symbol";
  static final String EVENT_TIME_FIELD = "eventTime";
  static final String SEQUENCE_FIELD = "sequence";
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private final DtcSourceConnectorConfig config;
  private final SymbolNormalizer normalizer;
  /** Each symbol's source partition, made once: every record carries it, and the catch-up merge keys by it. */
  private final Map<SymbolSpec, Map<String, String>> partitions = new HashMap<>();

  DtcRecords(DtcSourceConnectorConfig config) {
    this.config = config;
    this.normalizer = config.symbolNormalization().newNormalizer();
  }

  /** The source partition of a symbol on the configured server. */
  Map<String, String> partition(SymbolSpec spec) {
    return partitions.computeIfAbsent(spec, s -> Map.of(SERVER_FIELD, config.server(), SYMBOL_FIELD, s.symbol()));
  }

  /** The source offset after a trade: its event time and sequence. */
  static Map<String, Object> offset(long eventTimeMicros, int sequence) {
    return Map.of(EVENT_TIME_FIELD, eventTimeMicros, SEQUENCE_FIELD, sequence);
  }

  SourceRecord trade(SymbolSpec spec, Map<String, ?> offset, TradeEvent trade, int sequence, DataSource source) {
    return record(spec, offset, config.tradesTopic(), trade.eventTimeMicros(), Trade.newBuilder()
        .setSymbol(spec.symbol())
        .setExchange(spec.exchange())
        .setPrice(trade.price())
        .setSize(Math.round(trade.volume()))
        .setSide(sideOf(trade.side()))
        .setEventTime(instant(trade.eventTimeMicros()))
        .setReceiveTime(trade.receiveTime())
        .setSequence(sequence)
        .setSource(source)
        .build());
  }

  SourceRecord quote(SymbolSpec spec, Map<String, ?> offset, MarketEvents.Quote quote, Instant receiveTime) {
    final long eventTime = eventOrReceiveTime(quote.eventTimeMicros(), receiveTime);
    return record(spec, offset, config.quotesTopic(), eventTime, Quote.newBuilder()
        .setSymbol(spec.symbol())
        .setExchange(spec.exchange())
        .setBidPrice(quote.bidPrice())
        .setBidSize(quote.bidSize() == null ? null : Math.round(quote.bidSize()))
        .setAskPrice(quote.askPrice())
        .setAskSize(quote.askSize() == null ? null : Math.round(quote.askSize()))
        .setEventTime(instant(eventTime))
        .setReceiveTime(receiveTime)
        .setSource(DataSource.LIVE)
        .build());
  }

  SourceRecord depth(SymbolSpec spec, Map<String, ?> offset, MarketEvents.Depth depth, Instant receiveTime) {
    final DepthAction action = depth.updateType() == MarketEvents.Depth.DELETE ? DepthAction.DELETE
        : depth.updateType() == MarketEvents.Depth.SNAPSHOT ? DepthAction.INSERT : DepthAction.UPDATE;
    final BookSide side = depth.side() == AggressorSide.BUY ? BookSide.BID
        : depth.side() == AggressorSide.SELL ? BookSide.ASK : BookSide.UNKNOWN;
    // An unset price (DBL_MAX, FLT_MAX in the float variants) goes out as NaN, which the Streams app refuses
    // (price_not_positive), rather than as a best bid of 1.8e308.
    final double price = isSetPrice(depth.price()) ? depth.price() : Double.NaN;
    // NumOrders is a uint32: UINT_MAX (unset) and anything beyond an int are "not said".
    final int numOrders = depth.numOrders() <= Integer.MAX_VALUE ? (int) depth.numOrders() : 0;
    return depthRecord(spec, offset, side, price, action == DepthAction.DELETE ? 0 : depth.quantity(), numOrders,
        action, depth.endOfBatch(), depth.eventTimeMicros(), receiveTime);
  }

  /**
   * The CLEAR that precedes a depth snapshot: the book is rebuilt from the snapshot's levels.
   *
   * @param endOfBatch true when the snapshot is an empty book (see {@link #holdsLevel})
   */
  SourceRecord clearBook(SymbolSpec spec, Map<String, ?> offset, long eventTimeMicros, Instant receiveTime,
                         boolean endOfBatch) {
    return depthRecord(spec, offset, BookSide.UNKNOWN, 0, 0, 0, DepthAction.CLEAR, endOfBatch, eventTimeMicros,
        receiveTime);
  }

  /** False for the one message of an empty book's snapshot, which has no side or no price. */
  static boolean holdsLevel(MarketEvents.Depth depth) {
    return depth.side() != AggressorSide.UNKNOWN && depth.price() > 0 && isSetPrice(depth.price());
  }

  private static boolean isSetPrice(double price) {
    return Unset.isSet(price) && Unset.isSet((float) price);
  }

  SourceRecord securityDefinition(SymbolSpec spec, Map<String, ?> offset, MarketEvents.SecurityDefinition definition,
                                  Instant receiveTime) {
    return record(spec, offset, config.securityDefinitionsTopic(), micros(receiveTime),
        SecurityDefinition.newBuilder()
            .setSymbol(spec.symbol())
            .setExchange(definition.exchange().isEmpty() ? spec.exchange() : definition.exchange())
            .setDescription(definition.description())
            .setTickSize(definition.tickSize())
            .setPriceDisplayFormat(definition.priceDisplayFormat())
            .setCurrencyValuePerTick(definition.tickValue())
            .setCurrency(definition.currency())
            .setUpdateTime(receiveTime)
            .build());
  }

  /**
   * A dead letter for something the server refused about a symbol, keyed like the symbol's records; the original
   * value is the symbol as configured.
   *
   * @param intendedTopic the topic the symbol's records would have gone to
   * @param reasonCode    machine-readable reason, e.g. {@code symbol_rejected}
   */
  SourceRecord deadLetter(SymbolSpec spec, Map<String, ?> offset, String intendedTopic, String reasonCode,
                          String detail, Instant time) {
    final long micros = micros(time);
    return record(spec, offset, config.deadLetterTopic(), micros, DeadLetter.newBuilder()
        .setSourceTopic(intendedTopic)
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setReasonCode(reasonCode)
        .setDetail(detail)
        .setOriginalKey(ByteBuffer.wrap(key(spec, micros).getBytes(StandardCharsets.UTF_8)))
        .setOriginalValue(ByteBuffer.wrap(spec.toString().getBytes(StandardCharsets.UTF_8)))
        .setRejectedAt(time)
        .build());
  }

  private SourceRecord depthRecord(SymbolSpec spec, Map<String, ?> offset, BookSide side, double price,
                                   double quantity, int numOrders, DepthAction action, boolean endOfBatch,
                                   long eventTimeMicros, Instant receiveTime) {
    final long eventTime = eventOrReceiveTime(eventTimeMicros, receiveTime);
    return record(spec, offset, config.depthTopic(), eventTime, DepthUpdate.newBuilder()
        .setSymbol(spec.symbol())
        .setExchange(spec.exchange())
        .setSide(side)
        .setPrice(price)
        .setQuantity(Math.round(quantity))
        .setNumOrders(numOrders)
        .setAction(action)
        .setEndOfBatch(endOfBatch)
        .setEventTime(instant(eventTime))
        .setReceiveTime(receiveTime)
        .setSource(DataSource.LIVE)
        .build());
  }

  /**
   * Quotes, depth levels and trades may carry no time (DTC leaves DateTime 0 in snapshot levels and some quote
   * variants, or the server sends a variant without one and none was seen yet): they are stamped with their receive
   * time rather than 1970, which validation would refuse as stale.
   */
  static long eventOrReceiveTime(long eventTimeMicros, Instant receiveTime) {
    return eventTimeMicros > 0 ? eventTimeMicros : micros(receiveTime);
  }

  private SourceRecord record(SymbolSpec spec, Map<String, ?> offset, String topic, long eventTimeMicros,
                              GenericRecord value) {
    final Struct struct = ConnectAvroData.get().toStruct(value);
    return new SourceRecord(partition(spec), offset, topic, null, Schema.STRING_SCHEMA, key(spec, eventTimeMicros),
        struct.schema(), struct, Math.floorDiv(eventTimeMicros, 1000L));
  }

  /** The canonical symbol at a time: the time decides a one-digit futures year, as in the Streams app. */
  String key(SymbolSpec spec, long eventTimeMicros) {
    return normalizer.normalize(spec.symbol(), eventTimeMicros).symbol();
  }

  /** DTC names who traded (a buyer lifted the ask); the contract names where it printed (at the ask). */
  static io.tickflow.schemas.AggressorSide sideOf(AggressorSide side) {
    return side == AggressorSide.BUY ? io.tickflow.schemas.AggressorSide.ASK
        : side == AggressorSide.SELL ? io.tickflow.schemas.AggressorSide.BID
        : io.tickflow.schemas.AggressorSide.UNKNOWN;
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
        Math.floorMod(micros, MICROS_PER_SECOND) * 1000L);
  }

  static long micros(Instant time) {
    return time.getEpochSecond() * MICROS_PER_SECOND + time.getNano() / 1000;
  }
}
