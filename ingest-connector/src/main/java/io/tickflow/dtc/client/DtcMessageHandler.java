package io.tickflow.dtc.client;

import org.agrona.DirectBuffer;

/**
 * Receives messages from {@link DtcClient#poll} on the polling thread, always as binary struct images whatever
 * the wire encoding. Wrap a flyweight of the matching type ({@code message.TradeCompact.TYPE} ...) over
 * {@code buffer, offset, length}; the bytes are valid only during the call.
 */
@FunctionalInterface
public interface DtcMessageHandler {
  void onMessage(int type, DirectBuffer buffer, int offset, int length);
}
