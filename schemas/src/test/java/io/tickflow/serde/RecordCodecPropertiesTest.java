package io.tickflow.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickflow.schemas.Bar;
import io.tickflow.schemas.DepthUpdate;
import io.tickflow.schemas.Quote;
import io.tickflow.schemas.Trade;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The hand-written codecs against Avro itself: for random records the same bytes as Avro's
 * {@code BinaryMessageEncoder} and the same record as Avro's {@code BinaryMessageDecoder}; for random or truncated
 * bodies, a failure exactly when Avro fails.
 */
class RecordCodecPropertiesTest {

  private static final String TOPIC = "tickflow.raw.trades";
  /** Avro's own path, the reference, built once per type (its decoder compiles a resolving grammar). */
  private static final Map<Class<?>, BinaryMessageEncoder<?>> AVRO_ENCODERS = new ConcurrentHashMap<>();
  private static final Map<Class<?>, BinaryMessageDecoder<?>> AVRO_DECODERS = new ConcurrentHashMap<>();

  @Provide
  Arbitrary<SpecificRecord> records() {
    return Arbitraries.oneOf(ContractArbitraries.trades(), ContractArbitraries.quotes(),
        ContractArbitraries.depthUpdates(), ContractArbitraries.bars());
  }

  @Provide
  Arbitrary<Class<? extends SpecificRecord>> types() {
    return Arbitraries.of(Trade.class, Quote.class, DepthUpdate.class, Bar.class);
  }

  @Property(tries = 2000)
  <T extends SpecificRecord> void shouldWriteAvrosBytesWhenTheRecordIsArbitrary(@ForAll("records") T record) {
    Class<T> type = typeOf(record);
    Outcome<byte[]> avro = Outcome.of(() -> avroEncode(type, record));

    Outcome<byte[]> fast = Outcome.of(() -> codec(type).encode(record));

    assertThat(fast.failed()).as("fast path fails exactly when Avro does (%s)", avro.failure).isEqualTo(avro.failed());
    assertThat(fast.value).isEqualTo(avro.value);
  }

  @Property(tries = 1000)
  <T extends SpecificRecord> void shouldReadWhatAvroReadsWhenTheRecordIsArbitrary(@ForAll("records") T record)
      throws IOException {
    Class<T> type = typeOf(record);
    byte[] written = writtenByAvro(type, record);

    T fast = codec(type).decode(written);

    assertThat(codec(type).isCurrentWriter(written)).isTrue();
    assertSameRecord(fast, avroDecode(type, written));
  }

  @Property(tries = 500)
  <T extends SpecificRecord> void shouldGoThroughTheFastPathWhenTheSerdeIsUsed(@ForAll("records") T record)
      throws IOException {
    Class<T> type = typeOf(record);
    byte[] written = writtenByAvro(type, record);

    byte[] serialized = new AvroSerializer<>(type).serialize(TOPIC, record);
    T deserialized = new AvroDeserializer<>(type).deserialize(TOPIC, serialized);

    assertThat(serialized).isEqualTo(written);
    assertSameRecord(deserialized, avroDecode(type, written));
  }

  @Property(tries = 500)
  <T extends SpecificRecord> void shouldReadEveryReleasedVersionLikeAvroWhenTheRecordIsArbitrary(
      @ForAll("records") T record) throws IOException {
    Class<T> type = typeOf(record);
    byte[] written = writtenByAvro(type, record);

    for (Schema released : SchemaCatalog.get().released(record.getSchema().getFullName())) {
      byte[] old = writtenWith(released, record.getSchema(), written);

      assertSameRecord(new AvroDeserializer<>(type).deserialize(TOPIC, old), avroDecode(type, old));
    }
  }

  @Property(tries = 1000)
  <T extends SpecificRecord> void shouldFailExactlyWhenAvroFailsWhenTheBodyIsArbitrary(
      @ForAll("types") Class<T> type, @ForAll @Size(max = 120) byte[] body) {
    assertSameOutcomeAsAvro(type, withCurrentHeader(type, withShortVarints(body)));
  }

  @Property(tries = 2000)
  <T extends SpecificRecord> void shouldFailExactlyWhenAvroFailsWhenABodyByteIsCorrupt(@ForAll("records") T record,
      @ForAll int position, @ForAll byte value) {
    Class<T> type = typeOf(record);
    byte[] written = writtenByAvro(type, record);
    byte[] body = Arrays.copyOfRange(written, SingleObjectHeader.LENGTH, written.length);
    body[Math.floorMod(position, body.length)] = value;

    assertSameOutcomeAsAvro(type, withCurrentHeader(type, withShortVarints(body)));
  }

  private static <T extends SpecificRecord> void assertSameOutcomeAsAvro(Class<T> type, byte[] data) {
    Outcome<T> avro = Outcome.of(() -> avroDecode(type, data));

    Outcome<T> fast = Outcome.of(() -> codec(type).decode(data));

    assertThat(fast.failed()).as("fast path fails exactly when Avro does (%s)", avro.failure).isEqualTo(avro.failed());
    if (!avro.failed()) {
      assertSameRecord(fast.value, avro.value);
    } else {
      assertThatThrownBy(() -> new AvroDeserializer<>(type).deserialize(TOPIC, data))
          .isInstanceOf(SerializationException.class)
          .hasMessageStartingWith("Topic " + TOPIC + ": corrupt Avro body for " + type.getName() + " (fingerprint ");
    }
  }

  @Property(tries = 1000)
  <T extends SpecificRecord> void shouldRaiseACorruptBodyErrorWhenTheBodyIsTruncated(@ForAll("records") T record,
      @ForAll double cutAt) {
    Class<T> type = typeOf(record);
    byte[] written = writtenByAvro(type, record);
    int length = SingleObjectHeader.LENGTH
        + (int) (Math.abs(cutAt % 1.0) * (written.length - SingleObjectHeader.LENGTH));
    byte[] truncated = Arrays.copyOf(written, length);

    assertThat(Outcome.of(() -> avroDecode(type, truncated)).failed()).isTrue();
    assertThatThrownBy(() -> new AvroDeserializer<>(type).deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Topic " + TOPIC + ": corrupt Avro body for " + type.getName() + " (fingerprint "
            + SingleObjectHeader.describeFingerprint(truncated) + ", " + length + " bytes)");
  }

  /**
   * Equal field by field, with {@code equals} of the field values: NaN equals NaN and -0.0 differs from 0.0 (the
   * records' own {@code equals}, Avro's comparison, holds no record with a NaN equal to another).
   */
  private static void assertSameRecord(SpecificRecord actual, SpecificRecord expected) {
    assertThat(actual).isExactlyInstanceOf(expected.getClass());
    for (Schema.Field field : expected.getSchema().getFields()) {
      assertThat(actual.get(field.pos())).as(field.name()).isEqualTo(expected.get(field.pos()));
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> Class<T> typeOf(T record) {
    return (Class<T>) record.getClass();
  }

  private static <T extends SpecificRecord> SingleObjectCodec<T> codec(Class<T> type) {
    return SingleObjectCodec.forType(type).orElseThrow();
  }

  /** Avro's bytes for the record; the try is skipped for records Avro cannot write (an instant beyond micros). */
  private static <T extends SpecificRecord> byte[] writtenByAvro(Class<T> type, T record) {
    Outcome<byte[]> written = Outcome.of(() -> avroEncode(type, record));
    Assume.that(!written.failed());
    return written.value;
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> byte[] avroEncode(Class<T> type, T record) throws IOException {
    BinaryMessageEncoder<T> encoder = (BinaryMessageEncoder<T>) AVRO_ENCODERS.computeIfAbsent(type, t -> {
      SpecificData model = SpecificData.getForClass(t);
      return new BinaryMessageEncoder<>(model, model.getSchema(t));
    });
    ByteBuffer buffer = encoder.encode(record);
    return Arrays.copyOfRange(buffer.array(), buffer.arrayOffset() + buffer.position(),
        buffer.arrayOffset() + buffer.limit());
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> T avroDecode(Class<T> type, byte[] data) throws IOException {
    BinaryMessageDecoder<T> decoder = (BinaryMessageDecoder<T>) AVRO_DECODERS.computeIfAbsent(type, t -> {
      SpecificData model = SpecificData.getForClass(t);
      return new BinaryMessageDecoder<>(model, model.getSchema(t), SchemaCatalog.get());
    });
    return decoder.decode(data);
  }

  private static byte[] withCurrentHeader(Class<? extends SpecificRecord> type, byte[] body) {
    byte[] header = SingleObjectHeader.of(SchemaCatalog.fingerprint(SpecificData.get().getSchema(type)));
    byte[] data = Arrays.copyOf(header, header.length + body.length);
    System.arraycopy(body, 0, data, header.length, body.length);
    return data;
  }

  /**
   * The body with no varint longer than 3 bytes: a longer one can announce a string of up to 2 GB, which Avro (and so
   * the fast path, through the same decoder) allocates before finding the data short.
   */
  private static byte[] withShortVarints(byte[] body) {
    byte[] bounded = body.clone();
    for (int i = 2; i < bounded.length; i++) {
      if (bounded[i - 1] < 0 && bounded[i - 2] < 0) {
        bounded[i] &= 0x7F;
      }
    }
    return bounded;
  }

  /** The data as a writer on that released version would have written it: resolved to it, then encoded. */
  private static byte[] writtenWith(Schema released, Schema current, byte[] data) throws IOException {
    GenericRecord old = new GenericDatumReader<GenericRecord>(current, released, GenericData.get())
        .read(null, DecoderFactory.get().binaryDecoder(data, SingleObjectHeader.LENGTH,
            data.length - SingleObjectHeader.LENGTH, null));
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), released).encode(old).array();
  }

  /** What a call returned, or how it failed. */
  private static final class Outcome<R> {
    private final R value;
    private final Exception failure;

    private Outcome(R value, Exception failure) {
      this.value = value;
      this.failure = failure;
    }

    static <R> Outcome<R> of(Callable<R> call) {
      try {
        return new Outcome<>(call.call(), null);
      } catch (Exception e) {
        return new Outcome<>(null, e);
      }
    }

    boolean failed() {
      return failure != null;
    }
  }
}
