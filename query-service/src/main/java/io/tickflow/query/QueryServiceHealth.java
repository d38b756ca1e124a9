package io.tickflow.query;

import java.util.Map;

/**
 * Whether this instance can answer queries, and whether it can still recover by itself: a Streams-backed
 * implementation reports RUNNING with restored stores, and a client stopped for good. Implementations are thread-safe.
 */
public interface QueryServiceHealth {

  /**
   * Alive: false once the instance cannot recover without a restart (Kafka Streams stopped after an error, or
   * stopped), so that an orchestrator restarts it. Starting, rebalancing or restoring is alive.
   */
  boolean live();

  /** Ready to serve: Streams RUNNING, every store restored and every active task's processors running. */
  boolean ready();

  /** Details for the health responses (state, stores restoring ...): why the instance is not live or ready. */
  Map<String, Object> details();
}
