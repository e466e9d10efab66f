-- Migration number: 0010 	 request metrics per UTC hour, for the operator's fleet view
-- No request writes its own count: each Worker isolate counts in memory and adds what it
-- counted to the hour's row at most once a minute (src/ops/metrics.hpp). Counters only:
-- never who asked, nor what.
CREATE TABLE request_metrics (
    hour_utc     TEXT PRIMARY KEY,            -- '2026-12-03T19:00Z'
    requests     INTEGER NOT NULL DEFAULT 0,
    errors_5xx   INTEGER NOT NULL DEFAULT 0,
    errors_4xx   INTEGER NOT NULL DEFAULT 0,
    rows_read    INTEGER NOT NULL DEFAULT 0,  -- D1 rows, as the requests' log lines count them
    rows_written INTEGER NOT NULL DEFAULT 0,
    -- Requests by how long they took: at most 1 ms, 2 ms, 5 ms, ... 10 s, and longer.
    le_1 INTEGER NOT NULL DEFAULT 0, le_2 INTEGER NOT NULL DEFAULT 0, le_5 INTEGER NOT NULL DEFAULT 0,
    le_10 INTEGER NOT NULL DEFAULT 0, le_20 INTEGER NOT NULL DEFAULT 0, le_50 INTEGER NOT NULL DEFAULT 0,
    le_100 INTEGER NOT NULL DEFAULT 0, le_200 INTEGER NOT NULL DEFAULT 0, le_500 INTEGER NOT NULL DEFAULT 0,
    le_1000 INTEGER NOT NULL DEFAULT 0, le_2000 INTEGER NOT NULL DEFAULT 0, le_5000 INTEGER NOT NULL DEFAULT 0,
    le_10000 INTEGER NOT NULL DEFAULT 0, over_10000 INTEGER NOT NULL DEFAULT 0
);
