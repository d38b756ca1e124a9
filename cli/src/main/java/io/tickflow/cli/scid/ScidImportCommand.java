package io.tickflow.cli.scid;

import io.tickflow.cli.PositiveDoubleConverter;
import io.tickflow.cli.ProgressBar;
import io.tickflow.cli.run.Settings;
import io.tickflow.connect.scid.FileSymbols;
import io.tickflow.scid.SierraFileException;
import io.tickflow.symbols.SymbolNormalization;
import io.tickflow.topics.TickflowTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tickflow scid import FILE...}: a one-shot import of whole .scid files into the raw trades topic. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import whole .scid files into Kafka once (raw trades topic), with progress and a summary. "
        + "Exit code 1 when a file could not be imported.")
public final class ScidImportCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .scid files.")
  private List<Path> files;

  @Option(names = {"-b", "--bootstrap-servers"}, defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, the demo's broker).")
  private String bootstrapServers;

  @Option(names = "--symbol", description = "Symbol of every file (default: from each file name, e.g. ESM23-CME).")
  private String symbol;

  @Option(names = {"-c", "--config"}, description = "The properties file of the instances (as for `tickflow run`): "
      + "its symbol.* keys give the record keys (canonical symbols), as in the Streams app; TICKFLOW_* environment "
      + "variables override it. Default: the default symbol rules.")
  private Path config;

  @Option(names = "--price-multiplier", defaultValue = "1.0", converter = PositiveDoubleConverter.class,
      description = "Sierra Chart's Real Time Price Multiplier of the symbol (default: ${DEFAULT-VALUE}).")
  private double priceMultiplier;

  @Option(names = "--topic", defaultValue = TickflowTopics.RAW_TRADES,
      description = "Trades topic (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(names = "--dead-letter-topic", defaultValue = TickflowTopics.DEAD_LETTER,
      description = "Where undecodable records go (default: ${DEFAULT-VALUE}).")
  private String deadLetterTopic;

  @Override
  public Integer call() {
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "No such file: " + file);
      }
    }
    if (config != null && !Files.isRegularFile(config)) {
      throw new ParameterException(spec.commandLine(), "No such file: " + config);
    }
    SymbolNormalization symbols = SymbolNormalization.of(config == null ? Map.of()
        : Settings.load(config, System.getenv()));
    List<ImportSummary> summaries = new ArrayList<>();
    int failures = 0;
    try (Producer<String, byte[]> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
        new ByteArraySerializer())) {
      ScidImporter importer = new ScidImporter(producer, topic, deadLetterTopic, symbols.newNormalizer());
      for (Path file : files) {
        try {
          summaries.add(importOne(importer, file));
        } catch (SierraFileException e) {
          System.err.println(e.getMessage());
          failures++;
        } catch (IOException e) {
          System.err.println("Cannot read " + file + ": " + e.getMessage());
          failures++;
        }
      }
      producer.flush();
      importer.requireDelivered();
    } catch (KafkaException e) {
      // One line named after the command, as every command's failure (OneLineErrors) and troubleshooting.md say.
      System.err.println(spec.qualifiedName() + ": Kafka at " + bootstrapServers + " failed: " + e.getMessage());
      return 1;
    }
    summaries.forEach(ScidImportCommand::printSummary);
    return failures == 0 ? 0 : 1;
  }

  private ImportSummary importOne(ScidImporter importer, Path file) throws IOException {
    String fileSymbol = symbol != null ? symbol : FileSymbols.of(file);
    ProgressBar bar = new ProgressBar(System.err, System.console() != null, file.getFileName().toString());
    ImportSummary summary = importer.importFile(file, fileSymbol, priceMultiplier, bar::update);
    bar.done(summary.records(), summary.records());
    // As `scid dump` says it: a truncated copy must not lose its last trade silently.
    summary.partial().report(System.err);
    return summary;
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    return config;
  }

  private static void printSummary(ImportSummary s) {
    System.out.printf("%s (%s): %,d records: %,d trades sent, %,d bar records skipped, %,d rejected; trades %s .. %s%n",
        s.file().getFileName(), s.symbol(), s.records(), s.trades(), s.bars(), s.rejected(),
        s.first() == null ? "-" : s.first(), s.last() == null ? "-" : s.last());
  }
}
