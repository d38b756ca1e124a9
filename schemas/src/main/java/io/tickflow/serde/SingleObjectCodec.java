package io.tickflow.serde;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding of one record type through its hand-written {@link RecordCodec}, the fast path of
 * {@link AvroSerializer} and {@link AvroDeserializer} for the records the stream thread handles per trade, quote, depth
 * update and bar. Encoding writes the header and body through one reused encoder and buffer, then copies once into
 * the result. Decoding applies only to data written with the current schema (same header bytes); anything else stays
 * with Avro's resolving decoder. Thread-safe: the buffer, encoder and decoder are kept per thread.
 *
 * @param <T> the generated record class
 */
final class SingleObjectCodec<T extends SpecificRecord> {

  private static final Map<Class<?>, RecordCodec<?>> CODECS = Map.of(
      Trade.class, new TradeCodec(),
      Quote.class, new QuoteCodec(),
      DepthUpdate.class, new DepthUpdateCodec(),
      Bar.class, new BarCodec());

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final RecordCodec<T> codec;
  private final byte[] header;

  private SingleObjectCodec(RecordCodec<T> codec) {
    this.codec = codec;
    this.header = SingleObjectHeader.of(SchemaCatalog.fingerprint(codec.schema()));
  }

  /** The fast codec of a generated record class, or empty when it has none (Avro's path then does all the work). */
  @SuppressWarnings("unchecked")
  static <T extends SpecificRecord> Optional<SingleObjectCodec<T>> forType(Class<T> type) {
    RecordCodec<T> codec = (RecordCodec<T>) CODECS.get(type);
    return Optional.ofNullable(codec).map(SingleObjectCodec::new);
  }

  /** Header and body, byte for byte what Avro's {@code BinaryMessageEncoder} writes for the record. */
  byte[] encode(T record) throws IOException {
    Scratch scratch = SCRATCH.get();
    // Pushes out what a failed encode may have left in the encoder's buffer, before the buffer is cleared.
    scratch.encoder.flush();
    scratch.bytes.reset();
    scratch.encoder.writeFixed(header);
    codec.write(record, scratch.encoder);
    scratch.encoder.flush();
    return scratch.bytes.toByteArray();
  }

  /** Whether the data was written with the current schema: single-object marker and the current fingerprint. */
  boolean isCurrentWriter(byte[] data) {
    return data.length >= header.length && Arrays.equals(data, 0, header.length, header, 0, header.length);
  }

  /** Reads data for which {@link #isCurrentWriter} holds; trailing bytes are ignored, as Avro's decoder does. */
  T decode(byte[] data) throws IOException {
    Scratch scratch = SCRATCH.get();
    scratch.decoder = DecoderFactory.get().binaryDecoder(data, header.length, data.length - header.length,
        scratch.decoder);
    return codec.read(scratch.decoder);
  }

  /** One thread's reusable output buffer, encoder on it, and decoder. */
  private static final class Scratch {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    private BinaryDecoder decoder;
  }
}
