#include "ops/cron.hpp"

#include "core/json.hpp"

namespace helm::ops {

Task<void> run_cron(Context& cx, std::string_view cron) {
    const auto started = cx.now_ms();
    std::string_view job = "unknown";
    for (const auto& entry : cron_jobs)
        if (entry.cron == cron) job = entry.job;
    platform::log_line(to_text({{"type", "cron"},
                                {"shop", cx.shop.slug},
                                {"run_id", cx.request_id},
                                {"cron", cron},
                                {"job", job},
                                {"status", job == "unknown" ? "unknown_trigger" : "ok"},
                                {"ms", cx.now_ms() - started}}));
    co_return;
}

}  // namespace helm::ops
