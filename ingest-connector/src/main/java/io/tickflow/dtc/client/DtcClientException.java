package io.tickflow.dtc.client;

/** The client stopped for good: the server refused the logon without retry, or logged off with DoNotReconnect. */
public final class DtcClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DtcClientException(String message) {
    super(message);
  }
}
