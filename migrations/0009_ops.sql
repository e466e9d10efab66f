-- Migration number: 0009 	 per-shop operations: scheduled jobs run once per shop-local period, backup retention
-- Cron triggers fire in UTC; one hourly trigger asks which job is due in the shop's own
-- time zone. A job claims its period here before it runs: the UNIQUE (job, period) key
-- makes a second trigger in the same period, a retry or a manual run change nothing.
CREATE TABLE cron_runs (
    id            INTEGER PRIMARY KEY,
    job           TEXT    NOT NULL CHECK (job IN ('daily', 'weekly', 'monthly')),
    period        TEXT    NOT NULL,          -- shop-local: '2026-11-23', '2026-W48', '2026-11'
    run_id        TEXT    NOT NULL,          -- the cron run's id, as in its log line
    status        TEXT    NOT NULL CHECK (status IN ('running', 'ok', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 1,
    started_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER,
    summary_json  TEXT,                      -- the counts and problems the run logged
    UNIQUE (job, period)
);

-- The shop's operations settings: one row. The local hour each job becomes due, and how
-- many daily backups are kept, plus the newest of each of so many weeks and months.
CREATE TABLE ops_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    daily_local_hour   INTEGER NOT NULL DEFAULT 3  CHECK (daily_local_hour BETWEEN 0 AND 23),
    weekly_local_hour  INTEGER NOT NULL DEFAULT 6  CHECK (weekly_local_hour BETWEEN 0 AND 23),
    monthly_local_hour INTEGER NOT NULL DEFAULT 7  CHECK (monthly_local_hour BETWEEN 0 AND 23),
    keep_daily         INTEGER NOT NULL DEFAULT 30 CHECK (keep_daily BETWEEN 1 AND 400),
    keep_weekly        INTEGER NOT NULL DEFAULT 12 CHECK (keep_weekly BETWEEN 0 AND 260),
    keep_monthly       INTEGER NOT NULL DEFAULT 24 CHECK (keep_monthly BETWEEN 0 AND 120)
);
INSERT INTO ops_settings (id) VALUES (1);
