package io.tickflow.serde;

import static io.tickflow.serde.CodecFields.readEnum;
import static io.tickflow.serde.CodecFields.readMicros;
import static io.tickflow.serde.CodecFields.writeMicros;

import io.tickflow.schemas.AggressorSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Trade;
import java.io.IOException;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Hand-written Avro body codec of {@link Trade}: decoded once per raw trade and encoded once per accepted trade on the
 * stream thread. Hand-written because Avro generates no custom coders for records with logical-type conversions
 * ({@code timestamp-micros}), which leaves the generated class on the reflective datum writer and reader.
 */
final class TradeCodec extends RecordCodec<Trade> {

  static final long WRITTEN_FOR = 0x1f4b4b07bc9feba3L;
  static final List<String> LAYOUT = List.of(
      "symbol string",
      "exchange string",
      "price double",
      "size long",
      "side enum io.tickflow.schemas.AggressorSide",
      "eventTime long/timestamp-micros",
      "receiveTime long/timestamp-micros",
      "sequence int",
      "source enum io.tickflow.schemas.DataSource");

  private static final AggressorSide[] SIDES = AggressorSide.values();
  private static final DataSource[] SOURCES = DataSource.values();

  TradeCodec() {
    super(Trade.getClassSchema(), WRITTEN_FOR, LAYOUT);
  }

  @Override
  void write(Trade trade, Encoder out) throws IOException {
    out.writeString(trade.getSymbol());
    out.writeString(trade.getExchange());
    out.writeDouble(trade.getPrice());
    out.writeLong(trade.getSize());
    out.writeEnum(trade.getSide().ordinal());
    writeMicros(out, trade.getEventTime());
    writeMicros(out, trade.getReceiveTime());
    out.writeInt(trade.getSequence());
    out.writeEnum(trade.getSource().ordinal());
  }

  @Override
  Trade read(Decoder in) throws IOException {
    Trade trade = new Trade();
    trade.setSymbol(in.readString());
    trade.setExchange(in.readString());
    trade.setPrice(in.readDouble());
    trade.setSize(in.readLong());
    trade.setSide(readEnum(in, SIDES));
    trade.setEventTime(readMicros(in));
    trade.setReceiveTime(readMicros(in));
    trade.setSequence(in.readInt());
    trade.setSource(readEnum(in, SOURCES));
    return trade;
  }
}
