package io.tickflow.streams.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write-at-commit store in a real (test-driver) task: each commit writes every changed key once, with its last
 * value, to the changelog; the writer reads its own pending writes; other threads read the committed state.
 */
class WriteAtCommitStoreTest {

  private static final String STORE = "counts";
  private static final String CHANGELOG = "app-" + STORE + "-changelog";

  private TopologyTestDriver driver;
  private TestInputTopic<String, String> input;
  private TestOutputTopic<String, String> changelog;

  /** Appends each record's value to its key's text, writing it once per character, and forwards what it read. */
  private static final class Appender implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
      String text = store.get(record.key());
      for (char c : record.value().toCharArray()) {
        text = (text == null ? "" : text) + c;
        store.put(record.key(), text);
      }
      context.forward(record.withValue(store.get(record.key())));
    }
  }

  @BeforeEach
  void start() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(WriteAtCommitStore.builder(Stores.keyValueStoreBuilder(
        Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String()).withCachingEnabled()));
    builder.stream("in", org.apache.kafka.streams.kstream.Consumed.with(Serdes.String(), Serdes.String()))
        .process(Appender::new, STORE)
        .to("out", org.apache.kafka.streams.kstream.Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "app");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(builder.build(), props);
    input = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
    changelog = driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new StringDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldWriteEachChangedKeyOnceWithItsLastValueAtEachCommit() {
    input.pipeInput("a", "xyz"); // three writes of "a", then a commit (the driver commits after each record)
    input.pipeInput("b", "1");
    input.pipeInput("a", "!");

    assertThat(changelog.readKeyValuesToList()).extracting(kv -> kv.key + "=" + kv.value)
        .containsExactly("a=xyz", "b=1", "a=xyz!");
  }

  @Test
  void shouldLetTheWriterReadItsOwnWrites() {
    TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(),
        new StringDeserializer());

    input.pipeInput("a", "ab");
    input.pipeInput("a", "c");

    assertThat(out.readValuesToList()).containsExactly("ab", "abc");
  }

  @Test
  void shouldShowOtherThreadsTheCommittedStateAndRefuseTheirWrites() throws Exception {
    input.pipeInput("a", "ab");
    KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);

    assertThat(CompletableFuture.supplyAsync(() -> store.get("a")).get()).isEqualTo("ab");
    assertThat(CompletableFuture.supplyAsync(() -> {
      try (var all = store.all()) {
        return all.hasNext() ? all.next().value : null;
      }
    }).get()).isEqualTo("ab");
    assertThatThrownBy(() -> CompletableFuture.runAsync(() -> store.put("a", "zz")).join())
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(changelog.readValuesToList()).isEqualTo(List.of("ab"));
  }
}
