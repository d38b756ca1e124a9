-- Tables written by the JDBC sink connectors. Column names are the snake_case form of the Avro fields
-- (io.tickflow.schemas.Bar and Trade); timestamps are timestamptz (UTC instants, microsecond precision).
-- ${bars_partitioning} / ${ticks_partitioning} are "PARTITION BY RANGE (...)" on plain PostgreSQL and empty on
-- TimescaleDB, where V2 turns the tables into hypertables instead.

-- Final OHLCV bars: exactly one row per symbol, timeframe and window; the bars sink upserts on the primary key.
CREATE TABLE bars (
  symbol           text             NOT NULL,
  timeframe        text             NOT NULL,
  window_start     timestamptz      NOT NULL,
  window_end       timestamptz      NOT NULL,
  open             double precision NOT NULL,
  high             double precision NOT NULL,
  low              double precision NOT NULL,
  close            double precision NOT NULL,
  volume           bigint           NOT NULL,
  bid_volume       bigint           NOT NULL,
  ask_volume       bigint           NOT NULL,
  trade_count      bigint           NOT NULL,
  vwap             double precision NOT NULL,
  first_trade_time timestamptz      NOT NULL,
  last_trade_time  timestamptz      NOT NULL,
  is_final         boolean          NOT NULL,
  revision         integer          NOT NULL,
  CONSTRAINT bars_pk PRIMARY KEY (symbol, timeframe, window_start),
  CONSTRAINT bars_range_check CHECK (low <= high),
  CONSTRAINT bars_volume_check CHECK (volume >= 0 AND bid_volume >= 0 AND ask_volume >= 0 AND trade_count >= 0),
  -- The JDBC driver turns instants outside PostgreSQL's range into +/-infinity: refuse them rather than store them.
  CONSTRAINT bars_time_check CHECK (isfinite(window_start) AND isfinite(window_end) AND isfinite(first_trade_time)
                                    AND isfinite(last_trade_time))
) ${bars_partitioning};

-- Trades (ticks): one row per trade identity, the same identity the Streams app deduplicates on.
CREATE TABLE ticks (
  symbol       text             NOT NULL,
  event_time   timestamptz      NOT NULL,
  price        double precision NOT NULL,
  size         bigint           NOT NULL,
  side         text             NOT NULL,
  sequence     integer          NOT NULL,
  exchange     text             NOT NULL,
  receive_time timestamptz      NOT NULL,
  source       text             NOT NULL,
  CONSTRAINT ticks_pk PRIMARY KEY (symbol, event_time, price, size, side, sequence),
  CONSTRAINT ticks_size_check CHECK (size >= 0),
  CONSTRAINT ticks_side_check CHECK (side IN ('BID', 'ASK', 'UNKNOWN')),
  CONSTRAINT ticks_time_check CHECK (isfinite(event_time) AND isfinite(receive_time))
) ${ticks_partitioning};

-- The sink writes ticks with INSERT ... ON CONFLICT DO UPDATE (Debezium has no "do nothing" mode while a table
-- has non-key columns). A tick is an immutable fact: skipping the update makes a re-delivered tick a no-op that
-- keeps the first version and writes no new row version.
CREATE FUNCTION keep_first_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RETURN NULL;
END
$$;
CREATE TRIGGER ticks_keep_first BEFORE UPDATE ON ticks FOR EACH ROW EXECUTE FUNCTION keep_first_version();

-- A replayed bar is identical to the stored one: PostgreSQL's built-in trigger skips such updates, so replays
-- write nothing; a corrected bar still replaces the stored one.
CREATE TRIGGER bars_skip_unchanged BEFORE UPDATE ON bars
  FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
