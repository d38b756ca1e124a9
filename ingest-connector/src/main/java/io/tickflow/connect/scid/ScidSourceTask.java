package io.tickflow.connect.scid;

import io.tickflow.connect.PluginVersion;
import io.tickflow.connect.TaskGroup;
import io.tickflow.connect.TimeMerge;
import io.tickflow.scid.DateTimeEncoding;
import io.tickflow.scid.SierraFileException;
import io.tickflow.scid.SierraFileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails this task's share of the Sierra Chart files in the configured directory: one source partition per file,
 * offset = byte position of the next whole record. A bad file is refused (logged, counted, dead-lettered) and
 * retried only once the bytes found bad change; the other files go on.
 */
public final class ScidSourceTask extends SourceTask {

  private static final Logger log = LoggerFactory.getLogger(ScidSourceTask.class);

  private final Clock clock;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final TaskCounters counters = new TaskCounters();
  private final Map<Path, TailedFile> files = new LinkedHashMap<>();
  private final ByteBuffer readBuffer = TailedFile.newReadBuffer();
  /** Which file the next poll starts at (see {@link #pollFiles}). */
  private int turn;
  private final Map<Path, Refusal> refused = new HashMap<>();
  /** Files whose last read failed, warned about once until they read again (a poll interval would flood the log). */
  private final Set<Path> unreadable = new HashSet<>();
  /** The .scid files not read to their end yet (a backlog, or a file just found): their trades to come are older. */
  private final Set<Map<String, ?>> behind = new HashSet<>();
  private TimeMerge merge;
  private TaskGroup.SharedPartitionCheck sharedPartitions;
  private ScidSourceConnectorConfig config;
  private MappedRecords records;
  private DeadLetters deadLetters;
  private Instant lastScan = Instant.MIN;
  /** Why the directory could not be listed last time, logged once; null when it could. */
  private String directoryProblem;

  public ScidSourceTask() {
    this(Clock.systemUTC());
  }

  ScidSourceTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String version() {
    return PluginVersion.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new ScidSourceConnectorConfig(props);
    records = new MappedRecords(config.symbolNormalization().newNormalizer());
    deadLetters = new DeadLetters(config.deadLetterTopic(), records);
    merge = new TimeMerge(config.catchupMaxHeldRecords(), ScidSourceConnectorConfig.CATCHUP_MAX_HELD_RECORDS_CONFIG,
        config.tradesTopic(), counters.catchupMergesSplit);
    counters.register(context.pluginMetrics());
    sharedPartitions = new TaskGroup.SharedPartitionCheck(config.taskGroup(), config.tradesTopic());
    log.info("Task {} of {} tailing Sierra Chart files: {}", config.taskGroup().index(), config.taskGroup().count(),
        config.describe());
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    final List<SourceRecord> out;
    final int read;
    synchronized (this) {
      if (stopped.getCount() == 0) {
        return null;
      }
      final Instant now = clock.instant();
      if (!now.isBefore(lastScan.plus(config.pollInterval()))) {
        scan();
        lastScan = now;
      }
      final boolean catchingUp = !behind.isEmpty();
      final List<SourceRecord> polled = new ArrayList<>();
      read = pollFiles(polled, now);
      out = merge.pass(polled, behind, catchingUp || !behind.isEmpty());
    }
    // Nothing new: wait for Sierra Chart's next flush, but wake at once on stop(). Records read but all skipped
    // (bars, NO_COMMAND) go out as an empty batch instead, so that a run of them is read on at once.
    if (read == 0 && out.isEmpty()) {
      stopped.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
      return null;
    }
    return out;
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    sharedPartitions.check(record, metadata);
  }

  @Override
  public void stop() {
    stopped.countDown();
    synchronized (this) {
      files.values().forEach(this::closeQuietly);
      files.clear();
    }
  }

  /** Counters of this task, for tests. */
  TaskCounters counters() {
    return counters;
  }

  /**
   * Reads up to a batch of records from the files into {@code out}; returns how many were read. Each poll starts at
   * the next file, so that files share the batches. A file behind whose records already read run ahead of another
   * one behind waits for it: they could not be handed on before that one's anyway, and would only be held.
   */
  private int pollFiles(List<SourceRecord> out, Instant receiveTime) {
    int budget = config.batchSize();
    final List<TailedFile> order = new ArrayList<>(files.values());
    if (!order.isEmpty()) {
      Collections.rotate(order, -Math.floorMod(turn++, order.size()));
    }
    final long watermark = merge.watermark(behind);
    for (final TailedFile file : order) {
      final Map<String, String> partition = file.target().partition();
      if (budget == 0 || behind.contains(partition) && merge.reached(partition) > watermark) {
        continue;
      }
      try {
        budget = read(file, out, budget, receiveTime);
        if (unreadable.remove(file.target().file())) {
          log.info("{} can be read again", file.target().file());
        }
      } catch (SierraFileException e) {
        refuse(file, e, out, receiveTime);
      } catch (NoSuchFileException e) {
        log.info("{} was deleted; it is no longer tailed", file.target().file());
        forget(file);
      } catch (IOException e) {
        if (unreadable.add(file.target().file())) {
          log.warn("Cannot read {} at byte {}, retrying every poll until it can: {}", file.target().file(),
              file.position(), e.toString());
        }
        behind.remove(partition); // not waited for while it cannot be read
        closeQuietly(file);
      }
    }
    return config.batchSize() - budget;
  }

  /** Reads up to {@code budget} records of the file; returns what is left. A .scid file not at its end is behind. */
  private int read(TailedFile file, List<SourceRecord> out, int budget, Instant receiveTime) throws IOException {
    int left = budget;
    int n = 1;
    while (n > 0 && left > 0) {
      n = file.poll(out, left, receiveTime);
      left -= n;
    }
    if (n == 0 || !isTrades(file.target().file())) {
      behind.remove(file.target().partition());
    } else {
      behind.add(file.target().partition());
    }
    return left;
  }

  private static boolean isTrades(Path file) {
    return SierraFileFormat.ofFileName(file).orElse(SierraFileFormat.DEPTH) == SierraFileFormat.SCID;
  }

  private void refuse(TailedFile file, SierraFileException e, List<SourceRecord> out, Instant time) {
    final Path path = file.target().file();
    log.error("Refusing Sierra Chart file {}. Other files go on; it is retried once those bytes change.",
        e.getMessage());
    counters.filesRejected.incrementAndGet();
    refused.put(path, Refusal.of(path, e.offset()));
    forget(file);
    final String topic = SierraFileFormat.ofFileName(path).orElse(SierraFileFormat.SCID) == SierraFileFormat.DEPTH
        ? config.depthTopic() : config.tradesTopic();
    out.add(deadLetters.file(file.target(), topic, e.getMessage(), time));
  }

  private void forget(TailedFile file) {
    closeQuietly(file);
    files.remove(file.target().file());
    behind.remove(file.target().partition());
    unreadable.remove(file.target().file());
  }

  private void scan() {
    final Path directory = config.directory();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      directoryProblem = null;
      for (final Path path : entries) {
        if (!files.containsKey(path) && isMine(path) && !isStillRefused(path)) {
          track(path);
        }
      }
    } catch (NoSuchFileException e) {
      reportDirectoryProblem("does not exist (yet)");
    } catch (IOException e) {
      // Not a directory (replaced by a file), no permission, a share gone: as transient as a missing directory.
      reportDirectoryProblem("cannot be listed (" + e + ")");
    }
  }

  private void reportDirectoryProblem(String problem) {
    if (!problem.equals(directoryProblem)) {
      log.warn("Directory {} {}; waiting for it, the files already tailed go on", config.directory(), problem);
      directoryProblem = problem;
    }
  }

  /**
   * Whether the file is this task's to read: a Sierra Chart file of the pattern whose instrument is in this task's
   * group. The instrument is keyed at the file's last write, as its latest records are (a one-digit futures year
   * depends on the time: an old contract's file is keyed in its own decade).
   */
  private boolean isMine(Path path) {
    if (SierraFileFormat.ofFileName(path).isEmpty() || !config.matchesPattern(path.getFileName())) {
      return false;
    }
    try {
      final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return attributes.isRegularFile() && config.taskGroup().owns(
          records.key(FileTarget.of(path, config), attributes.lastModifiedTime().toInstant()));
    } catch (IOException e) {
      return false; // gone since listed, or not readable: looked at again at the next scan
    }
  }

  private boolean isStillRefused(Path path) {
    final Refusal refusal = refused.get(path);
    if (refusal == null) {
      return false;
    }
    if (refusal.stillHolds(path)) {
      return true;
    }
    refused.remove(path);
    log.info("Refused file {} changed; reading it again", path);
    return false;
  }

  private void track(Path path) {
    final FileTarget target = FileTarget.of(path, config);
    final Map<String, Object> offset = context.offsetStorageReader().offset(target.partition());
    log.info("Tailing {} as symbol {} from {}", path, target.symbol(),
        offset == null ? "its start" : "stored offset " + offset);
    files.put(path, new TailedFile(target, offset, this::mapper, counters, readBuffer));
    if (isTrades(path)) {
      behind.add(target.partition()); // until read to its end: it may hold a backlog
    }
  }

  private RecordMapper mapper(FileTarget target, SierraFileFormat format, DateTimeEncoding encoding) {
    if (format == SierraFileFormat.DEPTH) {
      return new DepthMapper(target, encoding, config.depthTopic(), counters, records, deadLetters);
    }
    return new TradeMapper(target, encoding, config, counters, records, deadLetters);
  }

  /**
   * A refused file and the bytes that decided it: the file's start up to the field found bad at {@code badOffset}.
   * The checks read nothing else, so while those bytes are the same the file would be refused again, however much
   * Sierra Chart appends meanwhile; a repaired or re-downloaded file changes them.
   */
  private record Refusal(long badOffset, byte[] bytes) {

    static Refusal of(Path path, long badOffset) {
      return new Refusal(badOffset, read(path, badOffset));
    }

    boolean stillHolds(Path path) {
      return Arrays.equals(bytes, read(path, badOffset));
    }

    /** Up to the 8-byte field at {@code badOffset}, the widest field checked; none if the file cannot be read. */
    private static byte[] read(Path path, long badOffset) {
      try (InputStream in = Files.newInputStream(path)) {
        return in.readNBytes(Math.toIntExact(badOffset + Long.BYTES));
      } catch (IOException e) {
        return new byte[0];
      }
    }
  }

  private void closeQuietly(TailedFile file) {
    try {
      file.close();
    } catch (IOException e) {
      log.debug("Closing {} failed: {}", file.target().file(), e.toString());
    }
  }
}
