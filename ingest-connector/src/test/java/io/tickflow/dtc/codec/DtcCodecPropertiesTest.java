package io.tickflow.dtc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

class DtcCodecPropertiesTest {

  @Property(tries = 2000)
  void shouldRoundTripEveryMessageThroughJson(@ForAll int layoutIndex, @ForAll long seed) {
    final byte[] binary = RandomMessages.message(layoutIndex, seed);
    final DtcJson json = new DtcJson();
    final byte[] text = json(json, binary);
    final UnsafeBuffer decoded = new UnsafeBuffer(new byte[binary.length]);

    final int length = json.read(new UnsafeBuffer(text), 0, text.length, decoded, 0);

    assertThat(length).isEqualTo(binary.length);
    assertThat(decoded.byteArray()).isEqualTo(binary);
  }

  @Property(tries = 300)
  void shouldYieldTheSameBinaryFramesWhateverTheReadBoundaries(
      @ForAll @Size(min = 1, max = 40) List<Long> seeds, @ForAll long chunkSeed,
      @ForAll @IntRange(min = 1, max = 700) int maxChunk) {
    final List<byte[]> messages = new ArrayList<>();
    for (Long seed : seeds) {
      messages.add(RandomMessages.message(seed.intValue(), seed));
    }

    assertThat(reframe(concat(messages), DtcEncoding.BINARY, chunkSeed, maxChunk)).containsExactlyElementsOf(messages);
  }

  @Property(tries = 300)
  void shouldYieldTheSameJsonMessagesWhateverTheReadBoundaries(
      @ForAll @Size(min = 1, max = 40) List<Long> seeds, @ForAll long chunkSeed,
      @ForAll @IntRange(min = 1, max = 700) int maxChunk) {
    final DtcJson json = new DtcJson();
    final List<byte[]> messages = new ArrayList<>();
    final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (Long seed : seeds) {
      final byte[] text = json(json, RandomMessages.message(seed.intValue(), seed));
      messages.add(text);
      stream.writeBytes(text);
      stream.write(0);
    }

    assertThat(reframe(stream.toByteArray(), DtcEncoding.JSON, chunkSeed, maxChunk))
        .containsExactlyElementsOf(messages);
  }

  private static List<byte[]> reframe(byte[] stream, DtcEncoding encoding, long chunkSeed, int maxChunk) {
    final java.util.Random chunks = new java.util.Random(chunkSeed);
    final DtcFramer framer = new DtcFramer(8192, maxChunk);
    framer.encoding(encoding);
    final List<byte[]> frames = new ArrayList<>();
    int position = 0;
    while (position < stream.length) {
      final int chunk = Math.min(1 + chunks.nextInt(maxChunk), stream.length - position);
      final ByteBuffer read = ByteBuffer.wrap(stream, position, chunk);
      position += framer.append(read);
      framer.poll((buffer, offset, length) -> frames.add(DtcConformanceTest.bytes(buffer, offset, length)));
    }
    return frames;
  }

  private static byte[] json(DtcJson json, byte[] binary) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    json.write(new UnsafeBuffer(binary), 0, binary.length, out, false);
    return out.toByteArray();
  }

  private static byte[] concat(List<byte[]> messages) {
    return DtcFramerTest.concat(messages.toArray(new byte[0][]));
  }
}
