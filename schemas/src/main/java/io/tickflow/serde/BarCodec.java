package io.tickflow.serde;

import static io.tickflow.serde.CodecFields.readMicros;
import static io.tickflow.serde.CodecFields.writeMicros;

import io.tickflow.schemas.Bar;
import java.io.IOException;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Hand-written Avro body codec of {@link Bar}: every live revision and final bar is encoded on the stream thread (tens
 * of thousands a second) and bar stores decode them. Hand-written because Avro generates no custom coders for records
 * with logical-type conversions ({@code timestamp-micros}), which leaves the generated class on the reflective datum
 * writer and reader.
 */
final class BarCodec extends RecordCodec<Bar> {

  static final long WRITTEN_FOR = 0xadf713fd38062442L;
  static final List<String> LAYOUT = List.of(
      "symbol string",
      "timeframe string",
      "windowStart long/timestamp-micros",
      "windowEnd long/timestamp-micros",
      "open double",
      "high double",
      "low double",
      "close double",
      "volume long",
      "bidVolume long",
      "askVolume long",
      "tradeCount long",
      "vwap double",
      "firstTradeTime long/timestamp-micros",
      "lastTradeTime long/timestamp-micros",
      "isFinal boolean",
      "revision int");

  BarCodec() {
    super(Bar.getClassSchema(), WRITTEN_FOR, LAYOUT);
  }

  @Override
  void write(Bar bar, Encoder out) throws IOException {
    out.writeString(bar.getSymbol());
    out.writeString(bar.getTimeframe());
    writeMicros(out, bar.getWindowStart());
    writeMicros(out, bar.getWindowEnd());
    out.writeDouble(bar.getOpen());
    out.writeDouble(bar.getHigh());
    out.writeDouble(bar.getLow());
    out.writeDouble(bar.getClose());
    out.writeLong(bar.getVolume());
    out.writeLong(bar.getBidVolume());
    out.writeLong(bar.getAskVolume());
    out.writeLong(bar.getTradeCount());
    out.writeDouble(bar.getVwap());
    writeMicros(out, bar.getFirstTradeTime());
    writeMicros(out, bar.getLastTradeTime());
    out.writeBoolean(bar.getIsFinal());
    out.writeInt(bar.getRevision());
  }

  @Override
  Bar read(Decoder in) throws IOException {
    Bar bar = new Bar();
    bar.setSymbol(in.readString());
    bar.setTimeframe(in.readString());
    bar.setWindowStart(readMicros(in));
    bar.setWindowEnd(readMicros(in));
    bar.setOpen(in.readDouble());
    bar.setHigh(in.readDouble());
    bar.setLow(in.readDouble());
    bar.setClose(in.readDouble());
    bar.setVolume(in.readLong());
    bar.setBidVolume(in.readLong());
    bar.setAskVolume(in.readLong());
    bar.setTradeCount(in.readLong());
    bar.setVwap(in.readDouble());
    bar.setFirstTradeTime(readMicros(in));
    bar.setLastTradeTime(readMicros(in));
    bar.setIsFinal(in.readBoolean());
    bar.setRevision(in.readInt());
    return bar;
  }
}
