package io.tickflow.serde;

import static io.tickflow.serde.CodecFields.readEnum;
import static io.tickflow.serde.CodecFields.readMicros;
import static io.tickflow.serde.CodecFields.readNullableDouble;
import static io.tickflow.serde.CodecFields.readNullableLong;
import static io.tickflow.serde.CodecFields.writeMicros;
import static io.tickflow.serde.CodecFields.writeNullableDouble;
import static io.tickflow.serde.CodecFields.writeNullableLong;

import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.Quote;
import java.io.IOException;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Hand-written Avro body codec of {@link Quote}: decoded per raw quote, encoded per accepted quote and per put into the
 * latest-quote store. Hand-written because Avro generates no custom coders for records with logical-type conversions
 * ({@code timestamp-micros}), which leaves the generated class on the reflective datum writer and reader.
 */
final class QuoteCodec extends RecordCodec<Quote> {

  static final long WRITTEN_FOR = 0x8394ecff41959390L;
  static final List<String> LAYOUT = List.of(
      "symbol string",
      "exchange string",
      "bidPrice [null,double]",
      "bidSize [null,long]",
      "askPrice [null,double]",
      "askSize [null,long]",
      "eventTime long/timestamp-micros",
      "receiveTime long/timestamp-micros",
      "source enum io.tickflow.schemas.DataSource");

  private static final DataSource[] SOURCES = DataSource.values();

  QuoteCodec() {
    super(Quote.getClassSchema(), WRITTEN_FOR, LAYOUT);
  }

  @Override
  void write(Quote quote, Encoder out) throws IOException {
    out.writeString(quote.getSymbol());
    out.writeString(quote.getExchange());
    writeNullableDouble(out, quote.getBidPrice());
    writeNullableLong(out, quote.getBidSize());
    writeNullableDouble(out, quote.getAskPrice());
    writeNullableLong(out, quote.getAskSize());
    writeMicros(out, quote.getEventTime());
    writeMicros(out, quote.getReceiveTime());
    out.writeEnum(quote.getSource().ordinal());
  }

  @Override
  Quote read(Decoder in) throws IOException {
    Quote quote = new Quote();
    quote.setSymbol(in.readString());
    quote.setExchange(in.readString());
    quote.setBidPrice(readNullableDouble(in));
    quote.setBidSize(readNullableLong(in));
    quote.setAskPrice(readNullableDouble(in));
    quote.setAskSize(readNullableLong(in));
    quote.setEventTime(readMicros(in));
    quote.setReceiveTime(readMicros(in));
    quote.setSource(readEnum(in, SOURCES));
    return quote;
  }
}
