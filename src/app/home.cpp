// The home screen and Settings: what every module has to tell staff first (last night's
// run, someone guessing PINs, what to reorder) and the links to each module's settings.
// They look at ops and auth, so they live here, above every module (web/ stays the
// modules' shared page frame).
#include "app/home.hpp"

#include <array>

#include "auth/pin.hpp"
#include "core/html.hpp"
#include "ops/cron.hpp"
#include "ops/views/reports_page.hpp"
#include "web/layout.hpp"

namespace helm::app {
namespace {

using web::may_open;
using web::page;
using web::screens;

void tell_the_owner(Html& h, std::string_view id, const std::vector<std::string>& problems) {
    if (problems.empty()) return;
    h.add("<div class=\"notice problems\" id=\"{}\" role=\"alert\"><strong>Tell the owner:</strong><ul>", id);
    for (const auto& p : problems) h.add("<li>{}</li>", p);
    h.add("</ul></div>");
}

Task<Response> home(Context& cx, const Request&) {
    Html h;
    if (!cx.shop.tagline.empty()) h.add("<p class=\"tagline\">{}</p>", cx.shop.tagline);
    // A failed backup or a broken audit chain is said where staff look first, and so is
    // what last night's stock check found to reorder, and someone guessing PINs.
    const ops::LastNight night = co_await ops::last_night(cx);
    tell_the_owner(h, "ops-problems", night.problems);
    HELM_CO_TRY(auto pins, co_await auth::pin_problems(cx));
    tell_the_owner(h, "pin-problems", pins);
    if (night.low_stock_products > 0) {
        h.add("<p class=\"notice\" id=\"low-stock\">Last night's stock check ({}): {} {} at or below the reorder point.", night.period,
              night.low_stock_products, night.low_stock_products == 1 ? "product is" : "products are");
        if (cx.session->can("screen.inventory")) h.add(" <a href=\"/stock#reorder\">What to order</a>");
        if (cx.session->can("screen.reports") && !night.low_stock_key.empty())
            h.add(" · <a href=\"{}\" download>The list (CSV)</a>", ops::report_download_href(night.low_stock_key));
        h.add("</p>");
    }
    h.add("<ul class=\"tiles\">");
    for (const auto& screen : screens())
        if (!screen.blurb.empty() && may_open(cx, screen))
            h.add("<li><a href=\"{}\"><strong>{}</strong><span>{}</span></a></li>", screen.href, screen.label, screen.blurb);
    h.add("</ul><p class=\"muted\">Helm {} · {}</p>", cx.shop.build.version, cx.shop.build.commit);
    co_return Response::html(200, page(cx, {"home", "Home"}, h.str()));
}

// Settings gathers the screens that set the shop up; each link shows only to whom may use it.
struct SettingsLink {
    std::string_view href, label, blurb, permission;
};
constexpr std::array settings_links{
    SettingsLink{"/settings/staff", "Staff", "Add staff, change roles, reset PINs, set permissions", "action.staff_manage"},
    SettingsLink{"/settings/access", "Sign-in list", "Who may sign a browser in to the shop", "action.access_manage"},
    SettingsLink{"/settings/devices", "Devices", "Browsers signed in, and signing them out", "action.access_manage"},
    SettingsLink{"/settings/shop", "Shop", "Address, phone, tax numbers, receipt footer, opening hours and logo", "screen.settings"},
    SettingsLink{"/settings/catalog", "Catalog", "Tax rates, categories and vendors", "screen.settings"},
    SettingsLink{"/settings/register", "Register", "Prices with or without tax, tax rounding, discount limit, returns without receipt", "screen.settings"},
    SettingsLink{"/settings/backups", "Backups and reports", "When the nightly backup and reports run, how many backups are kept, the last runs", "screen.settings"},
    SettingsLink{"/settings/data/export", "Data export", "Everything the shop holds, as one file to download", "action.data_export"},
};

Task<Response> settings(Context& cx, const Request&) {
    Html h;
    h.add("<ul class=\"tiles\" id=\"settings\">");
    for (const auto& link : settings_links)
        if (cx.session->can(link.permission))
            h.add("<li><a href=\"{}\"><strong>{}</strong><span>{}</span></a></li>", link.href, link.label, link.blurb);
    h.add("</ul>");
    // Which code this shop runs: what an operator asks first when something looks wrong.
    const BuildInfo& b = cx.shop.build;
    h.add("<dl class=\"build-info\" id=\"build-info\"><dt>Version</dt><dd>{}</dd><dt>Commit</dt><dd>{}</dd><dt>Built</dt><dd>{}</dd>"
          "<dt>Environment</dt><dd>{}</dd></dl>",
          b.version, b.commit, b.built_at, b.environment);
    co_return Response::html(200, page(cx, {"settings", "Settings"}, h.str()));
}

constexpr std::array table{
    Route{"GET", "/", home, access::staff},
    Route{"GET", "/settings", settings, "screen.settings"},
};

}  // namespace

std::span<const Route> home_routes() { return table; }

}  // namespace helm::app
