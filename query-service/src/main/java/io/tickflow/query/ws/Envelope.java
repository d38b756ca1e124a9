package io.tickflow.query.ws;

/**
 * Builds the JSON text of outgoing data messages around a payload serialized once per event (so fan-out to many
 * clients does not re-serialize it). Ids are symbol and timeframe labels, validated to need no JSON escaping.
 */
final class Envelope {

  private Envelope() {
  }

  static String data(String type, String subscriptionId, long seq, long conflated, String payloadJson) {
    return "{\"type\":\"" + type + "\",\"sub\":\"" + subscriptionId + "\",\"seq\":" + seq + ",\"conflated\":"
        + conflated + ",\"data\":" + payloadJson + "}";
  }
}
