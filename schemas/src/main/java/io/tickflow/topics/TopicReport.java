package io.tickflow.topics;

import java.util.List;

/**
 * What the admin step did: topics it created, topics that already existed, and how those differ from their specs.
 *
 * @param created topics created by this run
 * @param existing topics that were already there
 * @param drifts differences between existing topics and their specs (nothing is changed for them)
 */
public record TopicReport(List<String> created, List<String> existing, List<TopicDrift> drifts) {

  public TopicReport {
    created = List.copyOf(created);
    existing = List.copyOf(existing);
    drifts = List.copyOf(drifts);
  }

  /** True when every existing topic matches its spec. */
  public boolean consistent() {
    return drifts.isEmpty();
  }
}
