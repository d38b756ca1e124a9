package io.tickflow.testing;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.Alert;
import io.tickflow.schemas.Bar;
import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DeadLetter;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.schemas.Trade;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One realistic instance of every record of the contract, with sub-millisecond timestamps, nulls and non-default
 * enums, for tests in any module.
 */
public final class ContractSamples {

  /** 2026-11-25T14:30:00.123456Z: microsecond precision on purpose. */
  public static final Instant EVENT_TIME = Instant.parse("2026-11-25T14:30:00.123456Z");
  public static final Instant RECEIVE_TIME = Instant.parse("2026-11-25T14:30:00.124001Z");

  private ContractSamples() {
  }

  public static Trade trade() {
    return Trade.newBuilder().setSymbol("ESZ6").setExchange("CME").setPrice(6012.25).setSize(3)
        .setSide(AggressorSide.ASK).setEventTime(EVENT_TIME).setReceiveTime(RECEIVE_TIME).setSequence(2)
        .setSource(DataSource.BACKFILL).build();
  }

  /** A quote whose ask side is unset (null). */
  public static Quote quote() {
    return Quote.newBuilder().setSymbol("ESZ6").setExchange("CME").setBidPrice(6012.0).setBidSize(41L)
        .setAskPrice(null).setAskSize(null).setEventTime(EVENT_TIME).setReceiveTime(RECEIVE_TIME)
        .setSource(DataSource.LIVE).build();
  }

  public static DepthUpdate depthUpdate() {
    return DepthUpdate.newBuilder().setSymbol("ESZ6").setExchange("CME").setSide(BookSide.ASK).setPrice(6012.5)
        .setQuantity(17).setNumOrders(4).setAction(DepthAction.INSERT).setEndOfBatch(false)
        .setEventTime(EVENT_TIME).setReceiveTime(RECEIVE_TIME).setSource(DataSource.FILE).build();
  }

  public static SecurityDefinition securityDefinition() {
    return SecurityDefinition.newBuilder().setSymbol("ESZ6").setExchange("CME")
        .setDescription("E-mini S&P 500 Dec 2026").setTickSize(0.25).setPriceDisplayFormat(2)
        .setCurrencyValuePerTick(12.5).setCurrency("USD").setSessionOpen(LocalTime.of(17, 0))
        .setSessionClose(LocalTime.of(16, 0)).setSessionTimeZone("America/Chicago").setUpdateTime(RECEIVE_TIME)
        .build();
  }

  public static Bar bar() {
    return Bar.newBuilder().setSymbol("ESZ6").setTimeframe("1m")
        .setWindowStart(Instant.parse("2026-11-25T14:30:00Z")).setWindowEnd(Instant.parse("2026-11-25T14:31:00Z"))
        .setOpen(6012.25).setHigh(6013.0).setLow(6011.75).setClose(6012.5).setVolume(120).setBidVolume(50)
        .setAskVolume(70).setTradeCount(31).setVwap(6012.4083).setFirstTradeTime(EVENT_TIME)
        .setLastTradeTime(Instant.parse("2026-11-25T14:30:59.999999Z")).setIsFinal(true).setRevision(7).build();
  }

  /** A dead letter with a key but no original value (null). */
  public static DeadLetter deadLetter() {
    return DeadLetter.newBuilder().setSourceTopic("tickflow.raw.trades").setSourcePartition(3).setSourceOffset(42L)
        .setReasonCode("price_not_positive").setDetail("price -1.0 <= 0")
        .setOriginalKey(ByteBuffer.wrap(new byte[] {'E', 'S', 'Z', '6'})).setOriginalValue(null)
        .setRejectedAt(EVENT_TIME).build();
  }

  /** A raised stale-feed alert. */
  public static Alert alert() {
    return Alert.newBuilder().setType("stale_feed").setState("raised").setSymbol("ESZ6").setLastTrade(EVENT_TIME)
        .setAgeMillis(61_000).setThresholdMillis(60_000).setTime(RECEIVE_TIME).setReason("silent").build();
  }

  /** One sample of each record type, in the order of {@code SchemaCatalog.CURRENT}. */
  public static List<SpecificRecord> all() {
    return List.of(trade(), quote(), depthUpdate(), securityDefinition(), bar(), deadLetter(), alert());
  }
}
