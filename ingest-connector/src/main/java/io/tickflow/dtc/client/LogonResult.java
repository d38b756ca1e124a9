package io.tickflow.dtc.client;

/**
 * What the server answered to LOGON_REQUEST.
 *
 * @param result           LogonStatusEnum: 1 success, 2 error, 3 error (do not reconnect), 4 reconnect elsewhere
 * @param text             ResultText, for display
 * @param serverName       ServerName
 * @param reconnectAddress ReconnectAddress ("host:port") when result is 4
 */
public record LogonResult(int result, String text, String serverName, String reconnectAddress) {
  public static final int SUCCESS = 1;
  public static final int ERROR = 2;
  public static final int ERROR_NO_RECONNECT = 3;
  public static final int RECONNECT_NEW_ADDRESS = 4;

  public boolean isSuccess() {
    return result == SUCCESS;
  }
}
