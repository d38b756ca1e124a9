package io.tickflow.dtc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickflow.dtc.codec.message.MarketDataReject;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Fixed char arrays as a careless or older peer sends them: full length without NUL, or cut by the Size. */
class DtcTextFieldTest {
  private final byte[] frame = new byte[MarketDataReject.ENCODED_LENGTH + 8];
  private final UnsafeBuffer buffer = new UnsafeBuffer(frame);

  DtcTextFieldTest() {
    new MarketDataReject().wrapForEncode(buffer, 0).symbolId(7);
    Arrays.fill(frame, MarketDataReject.REJECT_TEXT_OFFSET, MarketDataReject.ENCODED_LENGTH, (byte) 'x');
    Arrays.fill(frame, MarketDataReject.ENCODED_LENGTH, frame.length, (byte) 'y'); // whatever follows the frame
  }

  @Test
  void shouldReadTheWholeArrayAndNothingBeyondWhenTheTextHasNoTerminator() {
    final MarketDataReject reject = new MarketDataReject().wrap(buffer, 0, MarketDataReject.ENCODED_LENGTH);

    assertThat(reject.rejectText()).isEqualTo("x".repeat(MarketDataReject.REJECT_TEXT_LENGTH));
    assertThat(reject.appendRejectText(new StringBuilder())).hasToString(reject.rejectText());
    assertThat(reject.symbolId()).isEqualTo(7);
  }

  @Test
  void shouldReadTheTextUpToTheSizeWhenTheFrameEndsInsideTheArray() {
    final MarketDataReject reject = new MarketDataReject().wrap(buffer, 0, 20);

    assertThat(reject.rejectText()).isEqualTo("x".repeat(12));
  }

  @Test
  void shouldReadTheDefaultWhenTheFrameEndsBeforeTheArray() {
    final MarketDataReject reject = new MarketDataReject().wrap(buffer, 0, MarketDataReject.REJECT_TEXT_OFFSET);

    assertThat(reject.rejectText()).isEmpty();
    assertThat(reject.symbolId()).isEqualTo(7);
  }
}
