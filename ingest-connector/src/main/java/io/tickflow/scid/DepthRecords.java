package io.tickflow.scid;

/**
 * How a {@code .depth} record is read, the same for the connector and the dump tool: which records are garbage, and
 * where a batch ends.
 */
public final class DepthRecords {

  private DepthRecords() {
  }

  /**
   * Why the current record cannot be taken, or null when it can: an undefined command, an implausible date-time or
   * a non-finite price. Checked before NO_COMMAND is skipped: a zeroed record has that command.
   *
   * @param command {@link DepthCommand#ofCode} of the record's code, null when undefined
   * @param unixMicros the record's date-time in the file's encoding
   */
  public static String problem(DepthRecordDecoder record, DepthCommand command, long unixMicros) {
    if (command == null) {
      return "undefined depth command " + record.commandCode();
    }
    if (!DateTimeEncoding.isPlausible(unixMicros)) {
      return "date-time " + unixMicros + " us is outside 1980..2100";
    }
    if (!Float.isFinite(record.price())) {
      return "price is not a finite number";
    }
    return null;
  }

  /**
   * Whether the current record ends a batch. The older record revision (the one with a float64 DateTime) has a
   * reserved byte where Flags is, so no batch ends: each of its records is taken as a batch of its own, or the book
   * would never be complete.
   */
  public static boolean endOfBatch(DepthRecordDecoder record, DateTimeEncoding encoding) {
    return encoding == DateTimeEncoding.FLOAT64_DAYS || record.endOfBatch();
  }
}
