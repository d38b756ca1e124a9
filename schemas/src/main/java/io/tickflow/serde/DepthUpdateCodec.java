package io.tickflow.serde;

import static io.tickflow.serde.CodecFields.readEnum;
import static io.tickflow.serde.CodecFields.readMicros;
import static io.tickflow.serde.CodecFields.writeMicros;

import io.tickflow.schemas.BookSide;
import io.tickflow.schemas.DataSource;
import io.tickflow.schemas.DepthAction;
import io.tickflow.schemas.DepthUpdate;
import java.io.IOException;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * Hand-written Avro body codec of {@link DepthUpdate}: decoded per raw depth update and encoded per accepted one, the
 * most numerous records of a depth feed. Hand-written because Avro generates no custom coders for records with
 * logical-type conversions ({@code timestamp-micros}), which leaves the generated class on the reflective datum
 * writer and reader.
 */
final class DepthUpdateCodec extends RecordCodec<DepthUpdate> {

  static final long WRITTEN_FOR = 0x8b5183ba2bbcef89L;
  static final List<String> LAYOUT = List.of(
      "symbol string",
      "exchange string",
      "side enum io.tickflow.schemas.BookSide",
      "price double",
      "quantity long",
      "numOrders int",
      "action enum io.tickflow.schemas.DepthAction",
      "endOfBatch boolean",
      "eventTime long/timestamp-micros",
      "receiveTime long/timestamp-micros",
      "source enum io.tickflow.schemas.DataSource");

  private static final BookSide[] SIDES = BookSide.values();
  private static final DepthAction[] ACTIONS = DepthAction.values();
  private static final DataSource[] SOURCES = DataSource.values();

  DepthUpdateCodec() {
    super(DepthUpdate.getClassSchema(), WRITTEN_FOR, LAYOUT);
  }

  @Override
  void write(DepthUpdate update, Encoder out) throws IOException {
    out.writeString(update.getSymbol());
    out.writeString(update.getExchange());
    out.writeEnum(update.getSide().ordinal());
    out.writeDouble(update.getPrice());
    out.writeLong(update.getQuantity());
    out.writeInt(update.getNumOrders());
    out.writeEnum(update.getAction().ordinal());
    out.writeBoolean(update.getEndOfBatch());
    writeMicros(out, update.getEventTime());
    writeMicros(out, update.getReceiveTime());
    out.writeEnum(update.getSource().ordinal());
  }

  @Override
  DepthUpdate read(Decoder in) throws IOException {
    DepthUpdate update = new DepthUpdate();
    update.setSymbol(in.readString());
    update.setExchange(in.readString());
    update.setSide(readEnum(in, SIDES));
    update.setPrice(in.readDouble());
    update.setQuantity(in.readLong());
    update.setNumOrders(in.readInt());
    update.setAction(readEnum(in, ACTIONS));
    update.setEndOfBatch(in.readBoolean());
    update.setEventTime(readMicros(in));
    update.setReceiveTime(readMicros(in));
    update.setSource(readEnum(in, SOURCES));
    return update;
  }
}
