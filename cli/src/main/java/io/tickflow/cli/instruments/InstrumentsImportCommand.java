package io.tickflow.cli.instruments;

import io.tickflow.bars.TradeTick;
import io.tickflow.cli.run.Settings;
import io.tickflow.schemas.SecurityDefinition;
import io.tickflow.serde.AvroSerializer;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.symbols.SymbolNormalizer;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tickflow instruments import FILE}: security definitions from a CSV file into the security definitions topic,
 * for feeds that send none (.scid files): their tick size (range bars), price format (the chart page), exchange
 * (market hours) and session (daily bars) then are what the file says.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Send security definitions from a CSV file (the columns of GET /api/v1/instruments?format=csv; "
        + "symbol and tickSize required) to Kafka. Nothing is sent when a line is wrong: every mistake is named, "
        + "exit code 1.")
public final class InstrumentsImportCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The CSV file, with a header line.")
  private Path file;

  @Option(names = {"-b", "--bootstrap-servers"}, defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, the demo's broker).")
  private String bootstrapServers;

  @Option(names = {"-c", "--config"}, description = "The properties file of the instances (as for `tickflow run`): "
      + "its symbol.* keys give the record keys (canonical symbols), as in the Streams app; TICKFLOW_* environment "
      + "variables override it. Default: the default symbol rules.")
  private Path config;

  @Option(names = "--topic", defaultValue = TickflowTopics.SECURITY_DEFINITIONS,
      description = "Security definitions topic (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Override
  public Integer call() throws IOException {
    for (Path path : config == null ? List.of(file) : List.of(file, config)) {
      if (!Files.isRegularFile(path)) {
        throw new ParameterException(spec.commandLine(), "No such file: " + path);
      }
    }
    List<SecurityDefinition> definitions;
    try (Reader csv = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      definitions = InstrumentsCsv.read(csv, Instant.now());
    } catch (InvalidInstrumentsException e) {
      e.problems().forEach(problem -> System.err.println(file + ": " + problem));
      System.err.println(spec.qualifiedName() + ": nothing sent; correct the file and run again");
      return 1;
    }
    SymbolNormalizer symbols = SymbolNormalization.of(config == null ? Map.of()
        : Settings.load(config, System.getenv())).newNormalizer();
    try {
      send(definitions, symbols);
    } catch (KafkaException e) {
      // One line named after the command, as every command's failure (OneLineErrors) and troubleshooting.md say.
      System.err.println(spec.qualifiedName() + ": Kafka at " + bootstrapServers + " failed: " + e.getMessage());
      return 1;
    }
    System.out.printf("Sent %d security definition%s to %s.%n", definitions.size(),
        definitions.size() == 1 ? "" : "s", topic);
    return 0;
  }

  /** Keyed by canonical symbol, as the connectors key them; dated by when each was received. */
  private void send(List<SecurityDefinition> definitions, SymbolNormalizer symbols) {
    AvroSerializer<SecurityDefinition> serializer = new AvroSerializer<>(SecurityDefinition.class);
    try (Producer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000),
        new StringSerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (SecurityDefinition definition : definitions) {
        Instant updated = definition.getUpdateTime();
        // As the Streams app keys it: the time of the definition decides a one-digit futures year.
        String key = symbols.normalize(definition.getSymbol(), TradeTick.toMicros(updated)).symbol();
        sent.add(producer.send(new ProducerRecord<>(topic, null, updated.toEpochMilli(), key,
            serializer.serialize(topic, definition))));
      }
      producer.flush();
      for (Future<RecordMetadata> delivery : sent) {
        delivered(delivery);
      }
    }
  }

  private static void delivered(Future<RecordMetadata> delivery) {
    try {
      delivery.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while sending", e);
    }
  }
}
