package io.tickflow.marketstate;

/**
 * One price level of an order book.
 *
 * @param price level price
 * @param quantity total quantity at the level
 * @param numOrders number of orders; 0 when the source does not say
 */
public record BookLevel(double price, long quantity, int numOrders) {
}
