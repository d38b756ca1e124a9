package io.tickflow.scid;

/** The command byte of a market depth record (Sierra Chart's Market Depth Data File Format page). */
public enum DepthCommand {
  NO_COMMAND,
  CLEAR_BOOK,
  ADD_BID_LEVEL,
  ADD_ASK_LEVEL,
  MODIFY_BID_LEVEL,
  MODIFY_ASK_LEVEL,
  DELETE_BID_LEVEL,
  DELETE_ASK_LEVEL;

  private static final DepthCommand[] BY_CODE = values();

  /** Wire code of this command. */
  public int code() {
    return ordinal();
  }

  /** The command with this code, or null for a code Sierra Chart does not define. */
  public static DepthCommand ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
