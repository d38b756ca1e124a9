package io.tickflow.query.http;

import io.tickflow.query.data.Dataset;
import io.tickflow.query.data.MarketDataReader.ReadMode;
import io.tickflow.query.format.ApiResponse;
import java.util.Optional;
import java.util.function.Function;

/**
 * One question for this instance's stores: which dataset it reads (what {@link RoutedQuery} routes by) and the
 * read itself, as a function of the read mode.
 *
 * @param read empty when the stores hold no answer: the symbol is unknown, or lacks what is asked
 * @param notFound the 404 message for an empty read; it may name the symbol unknown only where the read knows
 *     (a quote or a book missing may be one not received yet, for a symbol that trades)
 */
public record LocalRead(Dataset dataset, Function<ReadMode, Optional<ApiResponse>> read, String notFound) {
}
