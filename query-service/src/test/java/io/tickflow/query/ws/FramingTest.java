package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the messages of one write become WebSocket messages. */
class FramingTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<byte[]> frames) {
    return frames.stream().map(frame -> new String(frame, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void shouldSendEachMessageOnItsOwnByDefault() {
    List<byte[]> messages = List.of(utf8("{\"a\":1}"), utf8("{\"b\":2}"));

    assertThat(Framing.MESSAGES.frames(messages)).isSameAs(messages);
  }

  @Test
  void shouldSendTheMessagesOfAWriteAsOneArray() {
    assertThat(texts(Framing.ARRAY.frames(List.of(utf8("{\"a\":1}"), utf8("{\"b\":\"\u00e9\"}"), utf8("{}")))))
        .containsExactly("[{\"a\":1},{\"b\":\"\u00e9\"},{}]");
  }

  @Test
  void shouldSendASingleMessageAsAnArrayToo() {
    assertThat(texts(Framing.ARRAY.frames(List.of(utf8("{\"a\":1}"))))).containsExactly("[{\"a\":1}]");
  }

  @Test
  void shouldTakeTheBatchParameterAsABoolean() {
    assertThat(Framing.ofBatchParameter(null)).contains(Framing.MESSAGES);
    assertThat(Framing.ofBatchParameter("false")).contains(Framing.MESSAGES);
    assertThat(Framing.ofBatchParameter("true")).contains(Framing.ARRAY);
    assertThat(Framing.ofBatchParameter("yes")).isEmpty();
    assertThat(Framing.ofBatchParameter("")).isEmpty();
  }
}
