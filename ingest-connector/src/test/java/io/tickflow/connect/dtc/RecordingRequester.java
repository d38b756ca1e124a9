package io.tickflow.connect.dtc;

import java.util.ArrayList;
import java.util.List;

/** A backfill requester that only records: request ids are 1, 2, 3, ... in the order of the requests. */
final class RecordingRequester implements SymbolStream.BackfillRequester {

  /** The start (epoch micros) of each request, request id - 1 as index. */
  final List<Long> requests = new ArrayList<>();
  final List<Integer> forgotten = new ArrayList<>();

  @Override
  public int request(SymbolSpec spec, long fromEpochMicros) {
    requests.add(fromEpochMicros);
    return requests.size();
  }

  @Override
  public void forget(int requestId) {
    forgotten.add(requestId);
  }
}
