-- TimescaleDB: bars and ticks become hypertables (one chunk per interval), compressed per symbol once old enough,
-- with retention and a 1-hour continuous aggregate. Chosen by `tickflow db migrate` only where the extension is
-- installed or available and preloaded; R__timescaledb_policies.sql keeps the policies in line with the settings.
-- Not executed in this project's CI (TimescaleDB is not packaged for it): keep it small.

-- In public, where every session finds time_bucket() and friends; a no-op where an administrator installed it.
CREATE EXTENSION IF NOT EXISTS timescaledb SCHEMA public;

CREATE TABLE storage_backend (name text PRIMARY KEY CHECK (name IN ('native', 'timescaledb')));
INSERT INTO storage_backend VALUES ('timescaledb');

SELECT create_hypertable('bars', 'window_start', chunk_time_interval => INTERVAL '${bars_chunk_days} days');
SELECT create_hypertable('ticks', 'event_time', chunk_time_interval => INTERVAL '${ticks_chunk_days} days');

ALTER TABLE bars SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol',
                      timescaledb.compress_orderby = 'timeframe, window_start');
ALTER TABLE ticks SET (timescaledb.compress, timescaledb.compress_segmentby = 'symbol',
                       timescaledb.compress_orderby = 'event_time');

-- 1-hour bars from 1-minute bars, with the same columns as the plain-PostgreSQL view of the same name.
CREATE MATERIALIZED VIEW bars_1h WITH (timescaledb.continuous) AS
SELECT symbol,
       time_bucket(INTERVAL '1 hour', window_start)   AS window_start,
       first(open, window_start)                      AS open,
       max(high)                                      AS high,
       min(low)                                       AS low,
       last(close, window_start)                      AS close,
       sum(volume)::bigint                            AS volume,
       sum(bid_volume)::bigint                        AS bid_volume,
       sum(ask_volume)::bigint                        AS ask_volume,
       sum(trade_count)::bigint                       AS trade_count,
       sum(vwap * volume) / nullif(sum(volume), 0)    AS vwap
FROM bars
WHERE timeframe = '1m'
GROUP BY symbol, time_bucket(INTERVAL '1 hour', window_start)
WITH NO DATA;

SELECT add_continuous_aggregate_policy('bars_1h', start_offset => INTERVAL '3 days',
                                       end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');
