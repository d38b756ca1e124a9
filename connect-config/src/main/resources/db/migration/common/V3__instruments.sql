-- Instruments: the latest security definition of each symbol, written by the instruments sink from
-- tickflow.security-definitions (a compacted topic), so that bars and ticks can be joined with tick sizes and values
-- in SQL. One row per canonical symbol, the record key, as the connectors and `tickflow instruments import` key
-- them; feed_symbol is the symbol as the feed spelt it. A newer definition replaces the row. Not partitioned: one
-- row per instrument.
CREATE TABLE instruments (
  symbol                  text             NOT NULL,
  feed_symbol             text             NOT NULL,
  exchange                text             NOT NULL,
  description             text             NOT NULL,
  tick_size               double precision NOT NULL,
  price_display_format    integer          NOT NULL,
  currency_value_per_tick double precision NOT NULL,
  currency                text             NOT NULL,
  session_open            time             NOT NULL,
  session_close           time             NOT NULL,
  session_time_zone       text             NOT NULL,
  update_time             timestamptz      NOT NULL,
  CONSTRAINT instruments_pk PRIMARY KEY (symbol),
  -- The Streams app refuses a definition whose tick size is not a positive number and keeps the previous one; the
  -- table does the same (the sink dead-letters it). NaN and infinities never reach it (the sink refuses them first).
  CONSTRAINT instruments_tick_size_check CHECK (tick_size > 0),
  CONSTRAINT instruments_time_check CHECK (isfinite(update_time))
);

-- A replayed definition is identical to the stored one: no new row version.
CREATE TRIGGER instruments_skip_unchanged BEFORE UPDATE ON instruments
  FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
