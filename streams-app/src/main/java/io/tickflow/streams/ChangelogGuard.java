package io.tickflow.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wipes an instance's local state at its start when the changelog topics that state was built from were deleted
 * since (and maybe recreated), as {@code tickflow replay} or Kafka's streams reset tool do: it remembers the topic IDs
 * of the app's changelogs in {@value #FILE_NAME} under {@code state.dir/application.id}, written once the client is
 * RUNNING (its internal topics exist then), and compares them before the next start. Without that file (a first
 * start, or state of an older build) the start goes on as before.
 *
 * <p>Why by hand: Kafka Streams checks a store's checkpointed offset against its changelog's offsets, never the
 * topic's identity. After a reset, a store whose checkpoint lies past the recreated changelog's end is dropped only
 * when its first restore poll brings back the fetch that says so (with {@code poll.ms} 0 it never does: a second
 * replay kept the first one's dedup identities and wrote no bar); otherwise the old stores are taken as restored, and
 * a recreated changelog already longer than the old checkpoint would be restored from that offset on top of the old
 * data, a silent mix. Before, operations.md told users to delete every other instance's state by hand.
 *
 * <p>It watches the client's state on a thread of its own rather than as its state listener: Kafka Streams takes one
 * listener, which an embedder (the query service's readiness) sets, and a subclass of {@link KafkaStreams} that chained
 * both would log Kafka's lines under its own name. Thread-safe.
 */
final class ChangelogGuard implements AutoCloseable {

  /** The file, in the application's state directory, that remembers the changelogs' topic IDs. */
  static final String FILE_NAME = "tickflow-changelogs.properties";

  private static final Logger log = LoggerFactory.getLogger(ChangelogGuard.class);

  /** How often the client's state is looked at until it is RUNNING. */
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);

  private final Admin admin;
  private final Path file;
  private final Set<String> changelogs;
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "changelog-guard");
    thread.setDaemon(true);
    return thread;
  });

  private ChangelogGuard(Admin admin, Path file, Set<String> changelogs) {
    this.admin = admin;
    this.file = file;
    this.changelogs = changelogs;
  }

  /**
   * The guard of a topology's stores, with an admin client of the app's settings (security included), closed by
   * {@link #close}.
   */
  static ChangelogGuard open(Topology topology, StreamsConfig streamsConfig) {
    String applicationId = streamsConfig.getString(StreamsConfig.APPLICATION_ID_CONFIG);
    Path file = Path.of(streamsConfig.getString(StreamsConfig.STATE_DIR_CONFIG), applicationId, FILE_NAME);
    Admin admin = Admin.create(streamsConfig.getAdminConfigs(applicationId + "-changelog-guard"));
    return new ChangelogGuard(admin, file, changelogs(topology, applicationId));
  }

  /**
   * The changelog topic names of the topology's stores, as Kafka Streams names them. A store without logging has
   * none; its name matches no topic and is not remembered. The global store reads a topic of ours, not a changelog.
   */
  private static Set<String> changelogs(Topology topology, String applicationId) {
    return topology.describe().subtopologies().stream()
        .flatMap(subtopology -> subtopology.nodes().stream())
        .filter(TopologyDescription.Processor.class::isInstance)
        .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
        .map(store -> applicationId + "-" + store + "-changelog")
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Wipes the local state ({@link KafkaStreams#cleanUp()}, so before the start) when a remembered changelog no longer
   * exists or now has another topic ID, and says why. When the topics cannot be listed, the state is kept, as before
   * this guard: a broker not yet up is common at a start (a whole deployment starting at once), a replay meanwhile is
   * not, and a wipe would restore every store in full.
   */
  void wipeIfRecreated(KafkaStreams streams) throws InterruptedException {
    Map<String, String> remembered = remembered();
    if (remembered.isEmpty()) {
      return;
    }
    Map<String, String> current;
    try {
      current = topicIds();
    } catch (ExecutionException e) {
      log.warn("Cannot check the changelog topics of this instance's local state ({}): local state kept; if a "
          + "replay or streams reset ran since this instance's last run, stop it and delete {}", e.getCause().toString(),
          file.getParent());
      return;
    }
    Set<String> recreated = remembered.keySet().stream()
        .filter(topic -> !remembered.get(topic).equals(current.get(topic)))
        .collect(Collectors.toCollection(TreeSet::new));
    if (!recreated.isEmpty()) {
      log.info("Changelog topics deleted or recreated since this instance's last run (e.g. by `tickflow replay` or "
          + "a streams reset): {}; local state wiped, to be restored from the changelogs", recreated);
      streams.cleanUp();
    }
  }

  /**
   * Remembers the changelogs' topic IDs once the client is RUNNING (its internal topics exist then), looking at its
   * state every {@link #WATCH_INTERVAL}; gives up if the client stops first. The topics are listed asynchronously.
   */
  void rememberWhenRunning(KafkaStreams streams) {
    watcher.scheduleWithFixedDelay(() -> {
      KafkaStreams.State state = streams.state();
      if (state == KafkaStreams.State.RUNNING) {
        watcher.shutdown();
        admin.listTopics().namesToListings().whenComplete((listings, error) -> {
          if (error != null) {
            log.warn("Cannot list the changelog topics to remember their IDs; the next start will check {} against "
                + "the IDs remembered before", file, error);
            return;
          }
          remember(listings);
        });
      } else if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
        watcher.shutdown();
      }
    }, WATCH_INTERVAL.toMillis(), WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops watching and closes the admin client; an unfinished listing is given up, leaving the file as it was. */
  @Override
  public void close() {
    watcher.shutdownNow();
    admin.close(Duration.ZERO);
  }

  private Map<String, String> topicIds() throws ExecutionException, InterruptedException {
    return ids(admin.listTopics().namesToListings().get());
  }

  /** The topic ID of each listed topic, by name. */
  private static Map<String, String> ids(Map<String, TopicListing> listings) {
    return listings.values().stream()
        .collect(Collectors.toMap(TopicListing::name, listing -> listing.topicId().toString()));
  }

  private Map<String, String> remembered() {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return properties.stringPropertyNames().stream().collect(Collectors.toMap(name -> name,
        properties::getProperty));
  }

  /** Writes the file whole, then moves it over the old one, so a crash leaves the old or the new file. */
  private void remember(Map<String, TopicListing> listings) {
    Map<String, String> ids = new TreeMap<>(ids(listings));
    ids.keySet().retainAll(changelogs);
    Properties properties = new Properties();
    properties.putAll(ids);
    Path written = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(written)) {
        properties.store(out, "Topic IDs of the changelogs this local state was restored from and written to; a "
            + "start wipes the state when one changed (ChangelogGuard)");
      }
      Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      log.debug("Remembered the changelog topic IDs {} in {}", ids, file);
    } catch (IOException e) {
      log.warn("Cannot write {}; the next start will check the changelog IDs remembered before", file, e);
    }
  }
}
