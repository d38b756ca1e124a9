package io.tickflow.streams.dedup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * What builds before this one left in the dedup store, written below the appending store ({@code DedupPropertyTest}
 * and {@link DedupProcessorTest} start the stage on such stores).
 */
public final class OlderBuilds {

  private OlderBuilds() {
  }

  /**
   * Deletes the newest-window records ({@link AppendAtCommitWindowStore#NEWEST_WINDOW_KEY}): the store as a build
   * before the record left it, its identities where this build put them.
   */
  public static void dropNewestWindowRecords(WindowStore<Bytes, byte[]> below) {
    List<Long> windows = new ArrayList<>();
    try (WindowStoreIterator<byte[]> records = below.fetch(AppendAtCommitWindowStore.NEWEST_WINDOW_KEY,
        Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))) {
      records.forEachRemaining(record -> windows.add(record.key));
    }
    windows.forEach(window -> below.put(AppendAtCommitWindowStore.NEWEST_WINDOW_KEY, null, window));
  }
}
