package io.tickflow.connect;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instruments one of a connector's {@code count} tasks writes: those whose record key falls in group
 * {@code index}, the group being the Kafka partition the key would go to among {@code count} partitions.
 *
 * <p>A task's {@link TimeMerge} keeps the Kafka partitions it writes in time order while its sources catch up; it
 * cannot see other tasks' records. Split by key as Kafka's default partitioner places keys (murmur2 of the key's
 * bytes, as Connect's {@code StringConverter} writes them), every partition's instruments belong to one task whenever
 * {@code count} divides the topic's partition count: a key in partition {@code p} of {@code n} is in group
 * {@code p mod count}. (A split by file name or by position in a list shares every partition between tasks, and one
 * task's catch-up then moves stream time past bars the other had open.)
 *
 * @param index this task's group, from 0
 * @param count the number of groups, the connector's {@code tasks.max}
 */
public record TaskGroup(int index, int count) {

  public static final String INDEX_CONFIG = "task.index";
  public static final String COUNT_CONFIG = "task.count";

  private static final Logger log = LoggerFactory.getLogger(TaskGroup.class);

  public TaskGroup {
    if (count < 1 || index < 0 || index >= count) {
      throw new ConfigException(INDEX_CONFIG + " (" + index + ") must be below " + COUNT_CONFIG + " (" + count
          + ")");
    }
  }

  /**
   * Adds the two keys a connector gives each task to a definition; not documented, as users never set them.
   *
   * @return a copy of {@code def} with the keys
   */
  public static ConfigDef define(ConfigDef def) {
    return new ConfigDef(def)
        .define(INDEX_CONFIG, Type.INT, 0, Range.atLeast(0), Importance.LOW, "Group of this task, from 0.")
        .define(COUNT_CONFIG, Type.INT, 1, Range.atLeast(1), Importance.LOW, "Number of task groups.");
  }

  /** The group of a configuration whose definition went through {@link #define}. */
  public static TaskGroup of(AbstractConfig config) {
    return new TaskGroup(config.getInt(INDEX_CONFIG), config.getInt(COUNT_CONFIG));
  }

  /** The group of a record key among {@code count}: its Kafka partition among {@code count} partitions. */
  public static int ofKey(String key, int count) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % count;
  }

  public boolean owns(String key) {
    return ofKey(key, count) == index;
  }

  /**
   * Warns once when a trade of this group went to a partition other groups' keys go to too: the trades topic's
   * partition count is not a multiple of {@code count}, so catch-ups of different tasks can interleave. Only the
   * trades topic: its order across instruments moves the Streams app's stream time; the other topics' does not.
   */
  public static final class SharedPartitionCheck {

    private final TaskGroup group;
    private final String tradesTopic;
    /** Connect calls {@code commitRecord} on the producer's thread. */
    private final AtomicBoolean warned = new AtomicBoolean();

    public SharedPartitionCheck(TaskGroup group, String tradesTopic) {
      this.group = group;
      this.tradesTopic = tradesTopic;
    }

    /**
     * Checks one written record ({@code SourceTask.commitRecord}).
     *
     * @return whether this record showed the trades topic's partitions shared, the first time
     */
    public boolean check(SourceRecord record, RecordMetadata written) {
      if (written == null || group.count == 1 || !tradesTopic.equals(written.topic())
          || !(record.key() instanceof String key) || !group.owns(key)
          || written.partition() % group.count == group.index || warned.getAndSet(true)) {
        return false;
      }
      log.warn("Topic {} has a partition count that tasks.max ({}) does not divide: its partition {} holds "
          + "instruments of other tasks too. After a stop their catch-ups interleave, and the Streams app may "
          + "dead-letter trades as late; give the topic a multiple of {} partitions, or set tasks.max to a divisor "
          + "of its partition count", written.topic(), group.count, written.partition(), group.count);
      return true;
    }
  }
}
