-- Plain PostgreSQL (no TimescaleDB): bars and ticks are range-partitioned by time. A DEFAULT partition takes rows
-- no partition covers yet (history being backfilled, or maintenance that did not run), so a write never fails
-- for want of a partition; maintain_partitions() later moves such rows into their own partitions.

CREATE TABLE storage_backend (name text PRIMARY KEY CHECK (name IN ('native', 'timescaledb')));
INSERT INTO storage_backend VALUES ('native');

CREATE TABLE bars_default PARTITION OF bars DEFAULT;
CREATE TABLE ticks_default PARTITION OF ticks DEFAULT;

-- Time-ordered appends make BRIN indexes tiny and good enough for time-range scans across all symbols; per-symbol
-- scans use the primary keys, which lead with symbol.
CREATE INDEX bars_window_start_brin ON bars USING brin (window_start);
CREATE INDEX ticks_event_time_brin ON ticks USING brin (event_time);

-- One row per partitioned table: partition width, how many partitions to keep ready ahead of now, and how long
-- to keep data (NULL: forever). R__native_policies.sql keeps premake and retention in line with the settings.
CREATE TABLE partition_policy (
  parent         text     PRIMARY KEY,
  time_column    text     NOT NULL,
  partition_days integer  NOT NULL CHECK (partition_days > 0),
  premake        integer  NOT NULL CHECK (premake >= 0),
  retention_days integer  CHECK (retention_days > 0)
);
INSERT INTO partition_policy (parent, time_column, partition_days, premake) VALUES
  ('bars', 'window_start', ${bars_chunk_days}, ${premake_chunks}),
  ('ticks', 'event_time', ${ticks_chunk_days}, ${premake_chunks});

-- The functions below run with the search_path of this migration (SET search_path FROM CURRENT), so they find
-- this schema's tables whatever the caller's search_path.

-- Partitions are aligned on UTC midnights counted from a Monday, so 7-day partitions run Monday to Monday.
CREATE FUNCTION partition_origin() RETURNS timestamptz LANGUAGE sql IMMUTABLE AS
  $$ SELECT TIMESTAMPTZ '2000-01-03 00:00:00+00' $$;

-- Creates the partition of `parent` that starts at `lower_bound`, first moving into it the rows of that range
-- parked in the DEFAULT partition (PostgreSQL refuses a new partition while the default holds rows of its range).
CREATE FUNCTION create_time_partition(pol partition_policy, lower_bound timestamptz) RETURNS text
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  tbl_schema  text := current_schema();
  part_name   text := pol.parent || '_p' || to_char(lower_bound AT TIME ZONE 'UTC', 'YYYYMMDD');
  upper_bound timestamptz := lower_bound + make_interval(days => pol.partition_days);
BEGIN
  -- Blocks writers of the default partition until the move is committed, so no row of the range slips in.
  EXECUTE format('LOCK TABLE %I.%I IN SHARE ROW EXCLUSIVE MODE', tbl_schema, pol.parent || '_default');
  EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                 tbl_schema, part_name, tbl_schema, pol.parent);
  EXECUTE format('WITH moved AS (DELETE FROM %I.%I WHERE %I >= $1 AND %I < $2 RETURNING *) '
                 'INSERT INTO %I.%I SELECT * FROM moved',
                 tbl_schema, pol.parent || '_default', pol.time_column, pol.time_column, tbl_schema, part_name)
    USING lower_bound, upper_bound;
  EXECUTE format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                 tbl_schema, pol.parent, tbl_schema, part_name, lower_bound, upper_bound);
  RETURN part_name;
END
$$;

-- The upper bound of a partition, read from its catalog definition.
CREATE FUNCTION partition_upper_bound(part regclass) RETURNS timestamptz LANGUAGE sql STABLE
SET search_path FROM CURRENT AS $$
  SELECT substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz
  FROM pg_class c WHERE c.oid = part
$$;

-- Keeps every partitioned table of partition_policy ready: creates the partitions from `at` to `premake`
-- partitions ahead and those of rows parked in the DEFAULT partition, then drops partitions older than the
-- retention. Idempotent; run by `tickflow db migrate` and `tickflow db maintain` (schedule the latter, e.g.
-- hourly). Returns one row per partition created or dropped.
CREATE FUNCTION maintain_partitions(at timestamptz DEFAULT now())
RETURNS TABLE (action text, partition_name text) LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  pol         partition_policy;
  width       interval;
  lower_bound timestamptz;
  part        record;
BEGIN
  FOR pol IN SELECT * FROM partition_policy ORDER BY parent LOOP
    width := make_interval(days => pol.partition_days);
    FOR lower_bound IN EXECUTE format(
        'SELECT DISTINCT date_bin($1, %I, partition_origin()) FROM %I.%I '
        'UNION SELECT date_bin($1, $2, partition_origin()) + $1 * i FROM generate_series(0, $3) AS i '
        'ORDER BY 1', pol.time_column, current_schema(), pol.parent || '_default')
      USING width, at, pol.premake
    LOOP
      IF to_regclass(format('%I.%I', current_schema(),
                            pol.parent || '_p' || to_char(lower_bound AT TIME ZONE 'UTC', 'YYYYMMDD'))) IS NULL THEN
        action := 'created';
        partition_name := create_time_partition(pol, lower_bound);
        RETURN NEXT;
      END IF;
    END LOOP;
    IF pol.retention_days IS NOT NULL THEN
      FOR part IN
        SELECT c.oid::regclass AS rel, c.relname
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = format('%I.%I', current_schema(), pol.parent)::regclass
          AND c.relname <> pol.parent || '_default'
          AND partition_upper_bound(c.oid) <= at - make_interval(days => pol.retention_days)
        ORDER BY c.relname
      LOOP
        EXECUTE format('DROP TABLE %s', part.rel);
        action := 'dropped';
        partition_name := part.relname;
        RETURN NEXT;
      END LOOP;
    END IF;
  END LOOP;
END
$$;

-- 1-hour bars from 1-minute bars, computed on read. On TimescaleDB the same view is a continuous aggregate with
-- the same columns, so queries on bars_1h work on both.
CREATE VIEW bars_1h AS
SELECT symbol,
       date_bin(INTERVAL '1 hour', window_start, partition_origin()) AS window_start,
       (array_agg(open ORDER BY window_start))[1]         AS open,
       max(high)                                          AS high,
       min(low)                                           AS low,
       (array_agg(close ORDER BY window_start DESC))[1]   AS close,
       sum(volume)::bigint                                AS volume,
       sum(bid_volume)::bigint                            AS bid_volume,
       sum(ask_volume)::bigint                            AS ask_volume,
       sum(trade_count)::bigint                           AS trade_count,
       sum(vwap * volume) / nullif(sum(volume), 0)        AS vwap
FROM bars
WHERE timeframe = '1m'
GROUP BY symbol, date_bin(INTERVAL '1 hour', window_start, partition_origin());
