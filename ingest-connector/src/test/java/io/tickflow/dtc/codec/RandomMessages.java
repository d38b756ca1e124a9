package io.tickflow.dtc.codec;

import io.tickflow.dtc.codec.message.DtcMessages;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;

/** Fills a message of any known type with random field values, as any peer could send them. */
final class RandomMessages {
  private RandomMessages() {
  }

  static byte[] message(int layoutIndex, long seed) {
    final MessageLayout layout = DtcMessages.all().get(Math.floorMod(layoutIndex, DtcMessages.all().size()));
    final Random random = new Random(seed);
    final UnsafeBuffer buffer = new UnsafeBuffer(new byte[layout.encodedLength()]);
    layout.encodeDefaults(buffer, 0);
    for (FieldLayout field : layout.fields()) {
      fill(buffer, field, random);
    }
    return buffer.byteArray();
  }

  private static void fill(UnsafeBuffer buffer, FieldLayout field, Random random) {
    switch (field.type()) {
      case CHARS:
        Text.put(buffer, field.offset(), field.length(), text(random, random.nextInt(field.length())));
        break;
      case F32:
        NumericFields.put(buffer, field.offset(), field.type(), notNaN(Float.intBitsToFloat(random.nextInt())));
        break;
      case F64:
        NumericFields.put(buffer, field.offset(), field.type(), notNaN(Double.longBitsToDouble(random.nextLong())));
        break;
      default:
        NumericFields.putLong(buffer, field.offset(), field.type(), random.nextLong());
        break;
    }
  }

  /** NaN payloads cannot survive JSON, and the protocol never uses NaN; any other bit pattern must. */
  private static double notNaN(double value) {
    return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
  }

  private static String text(Random random, int length) {
    final StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) (1 + random.nextInt(0xFF)));
    }
    return text.toString();
  }
}
