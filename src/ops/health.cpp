#include <array>

#include "core/time.hpp"
#include "ops/metrics.hpp"
#include "ops/ops_sql.hpp"
#include "ops/routes.hpp"

namespace helm::ops {
namespace {

Task<Response> health(Context& cx, const Request&) {
    HELM_CO_TRY(auto latest, co_await cx.db.query(sql::latest_migration));
    const auto now = cx.now_ms();
    Json migration = latest.rows.empty() ? Json(nullptr) : Json(Row(latest, 0).text("name"));
    co_return Response::json(200, {{"ok", true},
                                   {"shop", cx.shop.slug},
                                   {"build", {{"version", cx.shop.build.version},
                                              {"commit", cx.shop.build.commit},
                                              {"built_at", cx.shop.build.built_at},
                                              {"environment", cx.shop.build.environment}}},
                                   {"migration", migration},
                                   {"server_time", iso_utc(now)},
                                   {"server_time_ms", now}});
}

constexpr std::array table{
    Route{"GET", "/api/health", health, access::open},
    Route{"GET", "/api/ops/metrics", metrics_report, access::operator_token},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::ops
