#include "ops/cron.hpp"

#include <algorithm>

#include "audit/anchor.hpp"
#include "audit/archive.hpp"
#include "audit/audit.hpp"
#include "core/json.hpp"
#include "core/time.hpp"
#include "ops/backup.hpp"
#include "ops/erasure_journal.hpp"
#include "ops/export.hpp"
#include "ops/ops_settings.hpp"
#include "ops/ops_sql.hpp"
#include "ops/reports.hpp"

namespace helm::ops {

namespace {

// The daily job. Its order matters: the erasure journal first, so that no backup ever
// holds a customer erased since an older one was restored.
Task<Json> daily(Context& cx, const OpsSettings& settings, const std::string& period) {
    Json out = {{"status", "ok"}};
    Json problems = Json::array();
    bool failed = false;

    auto journal = co_await sync_erasure_journal(cx);
    if (journal) {
        out["erasure_tombstones"] = journal->tombstones;
        out["erasures_replayed"] = journal->replayed;
    } else {
        problems.push_back("erasure journal: " + journal.error().message);
        failed = true;
    }
    // Exports past the owner's retention go, and so does any export started before the
    // newest erasure: the erasure deletes those at once, this catches one still being built.
    std::string cutoff = export_stamp(cx.shop.timezone, cx.now_ms() - std::int64_t{settings.keep.export_days} * 86'400'000);
    if (journal && journal->newest_erased_at_ms > 0)
        cutoff = std::max(cutoff, export_stamp(cx.shop.timezone, journal->newest_erased_at_ms));
    auto exports = co_await remove_exports_up_to(cx, cutoff);
    if (exports) out["exports_removed"] = *exports;
    else problems.push_back("removing old exports: " + exports.error().message);

    auto backup = co_await back_up(cx, period);
    if (backup) {
        out["backup_key"] = backup->key;
        out["backup_tables"] = backup->tables;
        out["backup_rows"] = backup->rows;
        out["backup_sql_bytes"] = backup->sql_bytes;
        out["backup_bytes"] = backup->stored_bytes;
        auto pruned = co_await prune_backups(cx, settings.keep);
        if (pruned) out["backups_pruned"] = *pruned;
        else problems.push_back("pruning backups: " + pruned.error().message);
    } else {
        problems.push_back("backup failed: " + backup.error().message);
        failed = true;
    }

    auto chain = co_await audit::verify(cx, audit::Walk::from_archive);
    if (!chain) {
        problems.push_back("audit chain: " + chain.error().message);
        failed = true;
    } else {
        out["audit_checked"] = chain->checked;
        if (chain->first_broken_seq != 0) {
            out["audit_first_broken_seq"] = chain->first_broken_seq;
            out["audit_problem"] = chain->problem;
            problems.push_back("audit chain broken at event " + std::to_string(chain->first_broken_seq) + ": " + chain->problem);
        }
    }
    // What to reorder is a report, not a check: when it cannot be written, the night says so
    // but its backup stands.
    Json low_stock = co_await run_low_stock_report(cx, period, settings.keep.daily);
    if (low_stock["status"] == "ok") {
        out["low_stock_key"] = low_stock["low_stock_key"];
        out["low_stock_products"] = low_stock["low_stock_products"];
    } else {
        for (const auto& p : low_stock["problems"]) problems.push_back(p);
    }
    if (failed) out["status"] = "failed";
    else if (out.contains("audit_first_broken_seq")) out["status"] = "audit_chain_broken";
    if (!problems.empty()) out["problems"] = std::move(problems);
    co_return out;
}

// The monthly job: the month's reports, then the audit events older than 90 days to R2.
Task<Json> monthly(Context& cx, const std::string& period) {
    Json out = co_await run_monthly_reports(cx, period);
    auto archived = co_await audit::archive_events_before(cx, cx.now_ms() - audit::archive_after_ms);
    if (archived) {
        out["audit_archived_events"] = archived->events;
        out["audit_archived_stretches"] = archived->stretches;
    } else {
        out["status"] = "failed";
        out["problems"].push_back("archiving audit events: " + archived.error().message);
    }
    co_return out;
}

Task<Json> run_job(Context& cx, const OpsSettings& settings, const CronJob& job, const std::string& period) {
    if (job.cadence == Cadence::daily) co_return co_await daily(cx, settings, period);
    if (job.cadence == Cadence::weekly) co_return co_await run_weekly_reports(cx, period);
    co_return co_await monthly(cx, period);
}

// The chain's head, anchored outside D1 each hour (audit/anchor.hpp): what each line of
// the run says of it.
Task<Json> anchor_chain(Context& cx) {
    auto anchored = co_await audit::anchor_head(cx);
    Json out = Json::object();
    if (!anchored) out["audit_anchor_problem"] = anchored.error().message;
    else if (!anchored->problem.empty()) out["audit_anchor_problem"] = anchored->problem;
    else out["audit_anchor_seq"] = anchored->seq;
    co_return out;
}

void log_run(Context& cx, std::string_view cron, std::string_view job, Json summary, std::int64_t started, const Json& anchor = Json::object()) {
    summary.update(anchor);
    summary["type"] = "cron";
    summary["shop"] = cx.shop.slug;
    summary["run_id"] = cx.request_id;
    summary["cron"] = cron;
    summary["job"] = job;
    summary["ms"] = cx.now_ms() - started;
    platform::log_line(to_text(summary));
}

}  // namespace

Task<void> run_cron(Context& cx, std::string_view cron) {
    const auto started = cx.now_ms();
    if (cron != hourly_trigger) {
        log_run(cx, cron, "unknown", {{"status", "unknown_trigger"}}, started);
        co_return;
    }
    const Json anchor = co_await anchor_chain(cx);
    auto settings = co_await load_ops_settings(cx);
    if (!settings) {
        log_run(cx, cron, "none", {{"status", "failed"}, {"problems", {settings.error().message}}}, started, anchor);
        co_return;
    }
    const auto offset = platform::utc_offset_minutes(cx.shop.timezone, started).value_or(0);
    bool any_due = false;
    for (const auto& job : cron_jobs) {
        const auto period = due_period(job.cadence, started, offset, settings->hour_of(job.cadence));
        if (!period) continue;
        any_due = true;
        const auto job_started = cx.now_ms();
        auto claimed = co_await cx.db.query(sql::claim_run, std::string(job.job), *period, cx.request_id, job_started);
        if (!claimed) {
            log_run(cx, cron, job.job, {{"status", "failed"}, {"period", *period}, {"problems", {claimed.error().message}}}, job_started, anchor);
            continue;
        }
        if (claimed->meta.changes != 1) {
            log_run(cx, cron, job.job, {{"status", "already_done"}, {"period", *period}}, job_started, anchor);
            continue;
        }
        Json summary = co_await run_job(cx, *settings, job, *period);
        summary["period"] = *period;
        const std::string status = summary["status"] == "failed" ? "failed" : "ok";
        auto finished = co_await cx.db.query(sql::finish_run, std::string(job.job), *period, cx.request_id, status, cx.now_ms(),
                                             to_text(summary));
        if (!finished) summary["problems"].push_back("recording the run: " + finished.error().message);
        log_run(cx, cron, job.job, std::move(summary), job_started, anchor);
    }
    if (!any_due) log_run(cx, cron, "none", {{"status", "nothing_due"}}, started, anchor);
}

Task<LastNight> last_night(Context& cx) {
    LastNight out;
    auto last = co_await cx.db.query(sql::last_daily_run);
    if (!last) {
        out.problems.push_back("The nightly checks could not be read: " + last.error().message);
        co_return out;
    }
    if (last->rows.empty()) co_return out;  // a new shop: its first night is still to come
    Row row(*last, 0);
    out.period = row.text("period");
    const auto summary = Json::parse(row.text("summary_json"), nullptr, false);
    if (summary.is_object()) {
        for (const auto& p : summary.value("problems", Json::array()))
            if (p.is_string()) out.problems.push_back("Nightly run of " + out.period + ": " + p.get<std::string>());
        out.low_stock_products = summary.value("low_stock_products", std::int64_t{0});
        out.low_stock_key = summary.value("low_stock_key", "");
    }
    constexpr std::int64_t two_days_ms = 2 * 86'400'000;
    if (cx.now_ms() - row.integer("started_at_ms") > two_days_ms)
        out.problems.push_back("No nightly backup has run since " + out.period + ".");
    co_return out;
}

}  // namespace helm::ops
