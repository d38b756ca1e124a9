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
 * @param read empty when the symbol is unknown here
 */
public record LocalRead(Dataset dataset, Function<ReadMode, Optional<ApiResponse>> read) {
}
