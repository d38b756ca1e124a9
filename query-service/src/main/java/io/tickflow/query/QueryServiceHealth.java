package io.tickflow.query;

import java.util.Map;

/**
 * Whether this instance can answer queries: a Streams-backed implementation reports RUNNING with restored stores.
 * Implementations are thread-safe.
 */
public interface QueryServiceHealth {

  /** Ready to serve: Streams RUNNING and every store restored. */
  boolean ready();

  /** Details for the readiness response (state, stores restoring ...). */
  Map<String, Object> details();
}
