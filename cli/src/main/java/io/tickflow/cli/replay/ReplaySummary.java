package io.tickflow.cli.replay;

import java.util.Locale;

/**
 * What a replay did.
 *
 * @param applicationId the Streams application replayed
 * @param inputRecords raw records reprocessed, as the app counted them (offsets also number transaction markers)
 * @param finalBars final bars written by the replay
 */
record ReplaySummary(String applicationId, long inputRecords, long finalBars) {

  String describe() {
    return String.format(Locale.ROOT, "Replayed %s: %,d raw records reprocessed, %,d final bars written.",
        applicationId, inputRecords, finalBars);
  }
}
