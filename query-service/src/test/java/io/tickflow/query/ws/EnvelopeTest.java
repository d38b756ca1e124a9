package io.tickflow.query.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data messages built as bytes: valid JSON with the numbers and the payload as given. */
class EnvelopeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(longs = {0, 7, 9, 10, 99, 100, 12_345, 1_000_000_007L, Long.MAX_VALUE})
  void shouldWriteNumbersAndPayloadAsJson(long number) throws Exception {
    byte[] payload = "{\"price\":4701.25,\"note\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);

    byte[] message = Envelope.data(Envelope.head("update", "bars:ES:1m"), number, number / 3, payload);

    JsonNode parsed = JSON.readTree(message);
    assertThat(parsed.get("type").asText()).isEqualTo("update");
    assertThat(parsed.get("sub").asText()).isEqualTo("bars:ES:1m");
    assertThat(parsed.get("seq").asLong()).isEqualTo(number);
    assertThat(parsed.get("conflated").asLong()).isEqualTo(number / 3);
    assertThat(parsed.get("data").get("note").asText()).isEqualTo("caf\u00e9");
    assertThat(new String(message, StandardCharsets.UTF_8))
        .isEqualTo("{\"type\":\"update\",\"sub\":\"bars:ES:1m\",\"seq\":" + number + ",\"conflated\":" + number / 3
            + ",\"data\":{\"price\":4701.25,\"note\":\"caf\u00e9\"}}");
  }
}
