#include "ops/cron.hpp"

#include "audit/audit.hpp"
#include "core/json.hpp"

namespace helm::ops {
namespace {

// The daily job so far: walk the audit chain. Backups, low-stock and the rest arrive
// with the operations issue.
Task<Json> daily(Context& cx) {
    auto chain = co_await audit::verify(cx);
    if (!chain) co_return Json{{"status", "error"}, {"error", chain.error().message}};
    Json out = {{"status", chain->first_broken_seq == 0 ? "ok" : "audit_chain_broken"}, {"audit_checked", chain->checked}};
    if (chain->first_broken_seq != 0) {
        out["audit_first_broken_seq"] = chain->first_broken_seq;
        out["audit_problem"] = chain->problem;
    }
    co_return out;
}

}  // namespace

Task<void> run_cron(Context& cx, std::string_view cron) {
    const auto started = cx.now_ms();
    std::string_view job = "unknown";
    for (const auto& entry : cron_jobs)
        if (entry.cron == cron) job = entry.job;
    Json summary = {{"status", job == "unknown" ? "unknown_trigger" : "ok"}};
    if (job == "daily") summary = co_await daily(cx);
    summary["type"] = "cron";
    summary["shop"] = cx.shop.slug;
    summary["run_id"] = cx.request_id;
    summary["cron"] = cron;
    summary["job"] = job;
    summary["ms"] = cx.now_ms() - started;
    platform::log_line(to_text(summary));
}

}  // namespace helm::ops
