// Settings › Backups and reports: when the shop's scheduled jobs run and how many backups
// they keep (ops/ops_settings.hpp), with each job's last run, so the owner sees the night
// worked. A plain form, and the same settings as JSON at /api/ops/settings.
#include <algorithm>
#include <array>
#include <tuple>

#include "core/fields.hpp"
#include "core/html.hpp"
#include "core/time.hpp"
#include "ops/ops_settings.hpp"
#include "ops/ops_sql.hpp"
#include "ops/routes.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::ops {
namespace {

using Outcome = web::FormOutcome<>;

Task<Result<std::string>> last_runs_markup(Context& cx) {
    HELM_CO_TRY(D1Result r, co_await cx.db.query(sql::last_runs));
    Html h;
    h.add("<h2 id=\"last-runs-title\">Last runs</h2>");
    if (r.rows.empty()) {
        h.add("<p class=\"muted\" id=\"no-runs\">No scheduled job has run yet: the first nightly backup comes tonight.</p>");
        co_return h.take();
    }
    h.add("<table class=\"settings\" id=\"last-runs\" aria-labelledby=\"last-runs-title\"><thead><tr><th scope=\"col\">Job</th>"
          "<th scope=\"col\">For</th><th scope=\"col\">Result</th><th scope=\"col\">Tries</th><th scope=\"col\">Finished</th></tr></thead><tbody>");
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const Row row(r, i);
        const auto finished = row.optional_integer("finished_at_ms");
        h.add("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", row.text("job"), row.text("period"), row.text("status"),
              row.integer("attempts"), finished ? local_date_time(cx.shop.timezone, *finished) : std::string("not yet"));
    }
    h.add("</tbody></table>");
    co_return h.take();
}

Task<Response> render(Context& cx, int status, const Outcome& o, bool saved) {
    HELM_CO_TRY(auto stored, co_await load_ops_settings(cx));
    HELM_CO_TRY(auto runs, co_await last_runs_markup(cx));
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Backups and reports</p>");
    if (saved) h.add("<p class=\"notice\" role=\"status\">Saved.</p>");
    h.add("<p class=\"muted\">Hours are the shop's own ({}). Each night the shop backs itself up into its own storage, checks "
          "its audit log and lists what to reorder; a backup older than retention keeps is deleted.</p>",
          cx.shop.timezone);
    h.add("<form class=\"card\" id=\"ops-settings\" method=\"post\" action=\"/settings/backups\">");
    web::form_error(h, o.error);
    for (const auto& f : ops_setting_fields()) {
        const std::string value = o.error ? form_value(o.entered, f.name) : std::to_string(value_of(stored, f));
        std::string id(f.name);
        std::replace(id.begin(), id.end(), '_', '-');
        web::text_input(h, {id, f.name, f.label, value, "required inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"3\" autocomplete=\"off\"",
                            o.at_fault(f.name)});
    }
    h.add("<button type=\"submit\">Save</button></form>{}", raw(runs));
    co_return Response::html(status, web::page(cx, {"settings", "Backups and reports"}, h.str()));
}

Task<Status> save(Context& cx, const Form& form) {
    HELM_CO_TRY(std::ignore, co_await change_ops_settings(cx, [&](OpsSettings s) { return ops_settings_from_form(form, std::move(s)); }));
    co_return Ok{};
}

Task<Response> settings_page(Context& cx, const Request& rq) { co_return co_await web::settings_page(cx, rq, render); }

Task<Response> save_from_form(Context& cx, const Request& rq) { co_return co_await web::settings_post(cx, rq, "/settings/backups", save, render); }

Task<Response> get_settings(Context& cx, const Request&) {
    HELM_CO_TRY(auto stored, co_await load_ops_settings(cx));
    co_return Response::json(200, {{"settings", ops_settings_json(stored)}});
}

Task<Response> put_settings(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto saved, co_await change_ops_settings(cx, [&](OpsSettings s) { return ops_settings_from_json(rq.body, std::move(s)); }));
    co_return Response::json(200, {{"settings", ops_settings_json(saved)}});
}

constexpr std::array table{
    Route{"GET", "/settings/backups", settings_page, "screen.settings"},
    Route{"POST", "/settings/backups", save_from_form, "screen.settings"},
    Route{"GET", "/api/ops/settings", get_settings, "screen.settings"},
    Route{"PUT", "/api/ops/settings", put_settings, "screen.settings"},
};

}  // namespace

std::span<const Route> settings_routes() { return table; }

}  // namespace helm::ops
