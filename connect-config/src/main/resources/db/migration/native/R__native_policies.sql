-- Re-applied by Flyway whenever a setting below changes: how many partitions to keep ready ahead and how long to
-- keep data (0: forever). The partition width is fixed by V2 once partitions exist.
UPDATE partition_policy SET premake = ${premake_chunks}, retention_days = nullif(${bars_retention_days}, 0)
  WHERE parent = 'bars';
UPDATE partition_policy SET premake = ${premake_chunks}, retention_days = nullif(${ticks_retention_days}, 0)
  WHERE parent = 'ticks';
