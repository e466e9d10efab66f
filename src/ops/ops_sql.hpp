#pragma once
#include <string_view>

namespace helm::ops::sql {

// wrangler's own bookkeeping table; the native harness writes the same one.
constexpr std::string_view latest_migration = "SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1";

// The backup reads the schema as SQLite keeps it; automatic indexes have no SQL.
constexpr std::string_view schema = "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY rowid";
// PRAGMA table_info and foreign_key_list take a table's name, never a bound parameter:
// the backup writes in names it read from sqlite_schema, quoted (dump.hpp's quote_identifier).

constexpr std::string_view settings =
    "SELECT daily_local_hour, weekly_local_hour, monthly_local_hour, keep_daily, keep_weekly, keep_monthly, keep_export_days "
    "FROM ops_settings WHERE id = 1";
constexpr std::string_view save_settings =
    "INSERT INTO ops_settings (id, daily_local_hour, weekly_local_hour, monthly_local_hour, keep_daily, keep_weekly, keep_monthly, "
    "keep_export_days) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET daily_local_hour = ?1, "
    "weekly_local_hour = ?2, monthly_local_hour = ?3, keep_daily = ?4, keep_weekly = ?5, keep_monthly = ?6, keep_export_days = ?7";

// Each job's newest run: what Settings › Backups and reports and the fleet's metrics show.
constexpr std::string_view last_runs =
    "SELECT job, period, status, attempts, started_at_ms, finished_at_ms, summary_json FROM cron_runs c "
    "WHERE id = (SELECT id FROM cron_runs WHERE job = c.job ORDER BY started_at_ms DESC, id DESC LIMIT 1)";

// A job claims its shop-local period (?1 job, ?2 period, ?3 run id, ?4 now): one row per
// period, so a second trigger, a retry or a manual run changes nothing. A failed run is
// claimed again by a later trigger (three tries), and so is one that died running for
// two hours (the Worker was stopped under it).
constexpr std::string_view claim_run =
    "INSERT INTO cron_runs (job, period, run_id, status, started_at_ms) VALUES (?1, ?2, ?3, 'running', ?4) "
    "ON CONFLICT (job, period) DO UPDATE SET run_id = excluded.run_id, status = 'running', attempts = attempts + 1, "
    "started_at_ms = excluded.started_at_ms, finished_at_ms = NULL "
    "WHERE (cron_runs.status = 'failed' AND cron_runs.attempts < 3) "
    "OR (cron_runs.status = 'running' AND cron_runs.started_at_ms < excluded.started_at_ms - 7200000)";
// ?1 job, ?2 period, ?3 run id, ?4 status, ?5 now, ?6 the summary as JSON.
constexpr std::string_view finish_run =
    "UPDATE cron_runs SET status = ?4, finished_at_ms = ?5, summary_json = ?6 WHERE job = ?1 AND period = ?2 AND run_id = ?3";
// last_daily_run: what the home screen reports.
constexpr std::string_view last_daily_run =
    "SELECT period, status, attempts, started_at_ms, finished_at_ms, summary_json FROM cron_runs "
    "WHERE job = 'daily' ORDER BY started_at_ms DESC LIMIT 1";

}  // namespace helm::ops::sql
