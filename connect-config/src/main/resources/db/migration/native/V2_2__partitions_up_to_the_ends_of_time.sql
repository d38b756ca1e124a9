-- Partition maintenance of V2.1, corrected: a row within a partition's width of PostgreSQL's last timestamp
-- (294276 AD; a plain INSERT or a backfill may bring one) made every maintenance fail with "timestamp out of range"
-- as it computed that partition's upper bound, so no partition was made ahead any more. Such a partition now ends
-- at 'infinity'. Near the first timestamp (4714 BC), a partition that would start before it cannot be made: the
-- rows of that range stay in the DEFAULT partition (they are stored and queried all the same).
-- Partitions of BC days are named with a suffix "_bc": a partition of 100 BC took the name of 1 January 100 AD's,
-- whose rows then stayed in the DEFAULT partition for ever (maintenance found the name taken).

-- The name of the partition of `parent` that starts at `lower_bound`: parent_pYYYYMMDD of its UTC day.
CREATE FUNCTION time_partition_name(parent text, lower_bound timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT parent || '_p' || to_char(lower_bound AT TIME ZONE 'UTC', 'YYYYMMDD')
            || CASE WHEN lower_bound < TIMESTAMPTZ '0001-01-01 00:00:00+00' THEN '_bc' ELSE '' END $$;

CREATE OR REPLACE FUNCTION create_time_partition(pol partition_policy, lower_bound timestamptz) RETURNS text
LANGUAGE plpgsql SET search_path FROM CURRENT SET TimeZone TO 'UTC' AS $$
DECLARE
  tbl_schema  text := current_schema();
  part_name   text := time_partition_name(pol.parent, lower_bound);
  width       interval := make_interval(days => pol.partition_days);
  upper_bound timestamptz := CASE WHEN lower_bound > TIMESTAMPTZ '294276-12-31 23:59:59.999999+00' - width
                                  THEN 'infinity' ELSE lower_bound + width END;
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

CREATE OR REPLACE FUNCTION maintain_partitions(at timestamptz DEFAULT now())
RETURNS TABLE (action text, partition_name text) LANGUAGE plpgsql
SET search_path FROM CURRENT SET TimeZone TO 'UTC' AS $$
DECLARE
  first_time  CONSTANT timestamptz := TIMESTAMPTZ '4714-11-24 00:00:00+00 BC';
  pol         partition_policy;
  width       interval;
  first_bound timestamptz;
  lower_bound timestamptz;
  part        record;
BEGIN
  -- A second run waits here for the first to commit, then finds the partitions it made.
  LOCK TABLE partition_policy IN SHARE ROW EXCLUSIVE MODE;
  FOR pol IN SELECT * FROM partition_policy ORDER BY parent LOOP
    width := make_interval(days => pol.partition_days);
    -- The first partition start PostgreSQL can hold; rows before it stay in the DEFAULT partition.
    first_bound := date_bin(width, first_time + width, partition_origin());
    IF first_bound - first_time >= width THEN
      first_bound := first_bound - width;
    END IF;
    FOR lower_bound IN EXECUTE format(
        'SELECT DISTINCT date_bin($1, %I, partition_origin()) FROM %I.%I WHERE %I >= $4 '
        'UNION SELECT date_bin($1, $2, partition_origin()) + $1 * i FROM generate_series(0, $3) AS i '
        'ORDER BY 1', pol.time_column, current_schema(), pol.parent || '_default', pol.time_column)
      USING width, at, pol.premake, first_bound
    LOOP
      IF to_regclass(format('%I.%I', current_schema(), time_partition_name(pol.parent, lower_bound))) IS NULL THEN
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
