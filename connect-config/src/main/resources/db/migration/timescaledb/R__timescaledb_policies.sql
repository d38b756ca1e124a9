-- Re-applied by Flyway whenever a setting below changes: compression age and retention (0: keep forever).
SELECT remove_compression_policy('bars', if_exists => true);
SELECT remove_compression_policy('ticks', if_exists => true);
SELECT add_compression_policy('bars', INTERVAL '${compress_after_days} days');
SELECT add_compression_policy('ticks', INTERVAL '${compress_after_days} days');

SELECT remove_retention_policy('bars', if_exists => true);
SELECT remove_retention_policy('ticks', if_exists => true);
SELECT add_retention_policy('bars', INTERVAL '${bars_retention_days} days') WHERE ${bars_retention_days} > 0;
SELECT add_retention_policy('ticks', INTERVAL '${ticks_retention_days} days') WHERE ${ticks_retention_days} > 0;
