-- Partition maintenance of V2, corrected:
-- - Partition bounds are computed in UTC. Adding days to a timestamptz follows the clock of the session's time
--   zone, which the JDBC driver sets to the JVM's: run where clocks change (America/Chicago), a partition spanning
--   the change ended an hour off the next one's start, and maintenance failed on the overlap.
-- - One maintenance at a time per schema: two runs at once (a scheduled `db maintain` during a `db migrate`)
--   created the same partitions and deadlocked.

ALTER FUNCTION create_time_partition(partition_policy, timestamptz) SET TimeZone TO 'UTC';

CREATE OR REPLACE FUNCTION maintain_partitions(at timestamptz DEFAULT now())
RETURNS TABLE (action text, partition_name text) LANGUAGE plpgsql
SET search_path FROM CURRENT SET TimeZone TO 'UTC' AS $$
DECLARE
  pol         partition_policy;
  width       interval;
  lower_bound timestamptz;
  part        record;
BEGIN
  -- A second run waits here for the first to commit, then finds the partitions it made.
  LOCK TABLE partition_policy IN SHARE ROW EXCLUSIVE MODE;
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
