package io.tickflow.query.data;

/**
 * The local stores cannot answer right now (rebalancing, restoring, or the partition moved away). Callers answer
 * 503 with Retry-After rather than a wrong or partial result.
 */
public final class StoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
