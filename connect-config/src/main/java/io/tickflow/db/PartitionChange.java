package io.tickflow.db;

/**
 * A partition that maintenance created or dropped (native layout).
 *
 * @param action {@code created} or {@code dropped}
 * @param partition the partition's table name
 */
public record PartitionChange(String action, String partition) {
}
