#include "app/app.hpp"

#include "app/home.hpp"
#include "audit/routes.hpp"
#include "auth/gate.hpp"
#include "auth/routes.hpp"
#include "catalog/routes.hpp"
#include "customers/routes.hpp"
#include "identity/routes.hpp"
#include "inventory/routes.hpp"
#include "ops/cron.hpp"
#include "ops/routes.hpp"
#include "sales/routes.hpp"
#include "service/routes.hpp"
#include "service/views/screens.hpp"
#include "staff/routes.hpp"
#include "web/layout.hpp"
#include "web/routes.hpp"

namespace helm {

App::App(Shop shop) : shop_(std::move(shop)) {
    router_.add(web::routes());
    router_.add(app::home_routes());
    router_.add(ops::routes());
    router_.add(ops::report_routes());
    router_.add(ops::export_routes());
    router_.add(ops::settings_routes());
    router_.add(sales::routes());
    router_.add(service::routes());
    router_.add(service::screen_routes());
    router_.add(catalog::routes());
    router_.add(inventory::routes());
    router_.add(customers::routes());
    router_.add(identity::routes());
    router_.add(audit::routes());
    router_.add(staff::routes());
    router_.add(auth::routes());
}

namespace {

void render_error(Response& res, const Request& rq, const Context& cx) {
    const Error& e = *res.error;
    if (rq.wants_json()) {
        Json err = {{"code", e.reason.empty() ? code_name(e.code) : e.reason}, {"message", e.message}, {"request_id", cx.request_id}};
        if (!e.field.empty()) err["field"] = e.field;
        res.headers.push_back({"content-type", "application/json; charset=utf-8"});
        res.body = to_text({{"error", std::move(err)}});
    } else {
        res.headers.push_back({"content-type", "text/html; charset=utf-8"});
        res.body = web::error_page(cx, e);
    }
}

// A person at a page is sent where they can go on; a program gets the 401 or 403.
Response refusal(const Request& rq, Error e) {
    if (rq.wants_json() || rq.method != "GET" || e.code != Code::unauthenticated) return e;
    const std::string next = percent_encode(rq.query.empty() ? rq.path : rq.path + "?" + rq.query, "-_.~/");
    return Response::redirect((e.field == "pin" ? "/pin?next=" : "/auth/sign-in?next=") + next);
}

}  // namespace

Task<Response> App::serve(Context& cx, Request& rq) const {
    const auto started = cx.now_ms();
    cx.metrics = &metrics_;
    std::string_view route = "-";
    Response res;
    if (rq.body.size() > max_body_bytes) {
        res = Error{Code::payload_too_large, "the body is larger than " + std::to_string(max_body_bytes) + " bytes", "body"};
    } else if (auto match = router_.match(rq); !match) {
        res = std::move(match).error();
    } else {
        route = (*match)->pattern;
        auto admitted = co_await auth::admit(cx, rq, (*match)->access);
        if (!admitted)
            res = refusal(rq, std::move(admitted).error());
        else
            res = co_await (*match)->handler(cx, rq);
    }
    if (cx.session && cx.session->renew_cookie)
        res.set_cookie(auth::device_cookie, rq.cookie(auth::device_cookie), auth::device_lifetime_ms / 1000);
    if (res.error) render_error(res, rq, cx);
    res.headers.push_back({"x-request-id", cx.request_id});
    // Only Helm's own scripts run on its pages; an SVG logo from the overrides cannot
    // carry one. Inline styles stay allowed for the shop's brand colours.
    res.headers.push_back({"content-security-policy",
                           "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"});
    res.headers.push_back({"x-content-type-options", "nosniff"});
    res.headers.push_back({"referrer-policy", "same-origin"});
    const auto& stats = cx.channel.stats();
    const auto ms = cx.now_ms() - started;
    metrics_.record(cx.now_ms(), res.status, ms, stats.d1_rows_read, stats.d1_rows_written);
    // The path, never the query string: a search carries what staff typed (a name, a phone).
    Json line = {{"type", "request"},
                 {"shop", shop_.slug},
                 {"request_id", cx.request_id},
                 {"staff_id", cx.session && cx.session->has_staff() ? Json(cx.session->staff_id) : Json(nullptr)},
                 {"method", rq.method},
                 {"route", route},
                 {"path", rq.path},
                 {"status", res.status},
                 {"ms", ms},
                 {"d1_queries", stats.d1_queries},
                 {"d1_round_trips", stats.d1_round_trips},
                 {"d1_rows_read", stats.d1_rows_read},
                 {"d1_rows_written", stats.d1_rows_written},
                 {"r2_ops", stats.r2_ops},
                 {"kv_ops", stats.kv_ops},
                 {"external_calls", stats.external_calls}};
    if (res.error) line["error"] = {{"class", code_name(res.error->code)}, {"message", res.error->message}, {"field", res.error->field}};
    platform::log_line(to_text(line));
    co_return res;
}

Task<void> App::on_cron(Context& cx, std::string cron) const {
    // First, so that the daily backup holds this isolate's counts too; an isolate that
    // serves only a few requests flushes here as well.
    co_await flush_metrics(cx);
    co_await ops::run_cron(cx, cron);
}

Task<void> App::flush_metrics(Context& cx) const {
    if (auto flushed = co_await ops::flush(cx, metrics_); !flushed)
        platform::log_line(to_text({{"type", "metrics"}, {"shop", shop_.slug}, {"error", flushed.error().message}}));
}

}  // namespace helm
