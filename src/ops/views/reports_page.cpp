// The Reports screen: the owner's latest weekly digest as a table, and the stored weekly
// digests and monthly tax and profit reports, each a plain download link. The reports
// live in R2 (ops/reports.hpp); the top customer is stored by id and named here, from the
// customers module, so an erased customer is never named again.
#include "ops/views/reports_page.hpp"

#include <algorithm>

#include "core/html.hpp"
#include "core/money.hpp"
#include "customers/customers.hpp"
#include "ops/reports.hpp"
#include "web/layout.hpp"

namespace helm::ops {
namespace {

std::string amount(const Json& j, const char* name) { return format_cents(Cents{j.value(name, std::int64_t{0})}); }

Task<std::string> customer_cell(Context& cx, const Json& top) {
    if (!top.is_object()) co_return "No sale named a customer this week.";
    const std::int64_t id = top.value("customer_id", std::int64_t{0});
    const std::string revenue = amount(top, "revenue_cents");
    auto customer = co_await customers::load_customer(cx, id);
    Html h;
    if (!customer || customer->erased_at_ms)
        h.add("Customer #{} (no longer on file) · {}", id, revenue);
    else
        h.add("<a href=\"/customers/{}\">{}</a> · {}", id, customer->name, revenue);
    co_return h.take();
}

Task<std::string> digest_markup(Context& cx, const Json& d) {
    Html h;
    h.add("<section aria-labelledby=\"digest-title\" id=\"weekly-digest\"><h2 id=\"digest-title\">Week {}: {} to {}</h2>",
          d.value("week", ""), d.value("from", ""), d.value("to", ""));
    const Json service = d.value("service", Json::object());
    const std::string customer = co_await customer_cell(cx, d.value("top_customer", Json(nullptr)));
    h.add("<table class=\"settings\" id=\"digest-summary\"><tbody>"
          "<tr><th scope=\"row\">Revenue before tax</th><td>{}</td></tr>"
          "<tr><th scope=\"row\">Tax collected</th><td>{}</td></tr>"
          "<tr><th scope=\"row\">Revenue with tax</th><td>{}</td></tr>"
          "<tr><th scope=\"row\">Sales</th><td>{}</td></tr>"
          "<tr><th scope=\"row\">Returns</th><td>{}</td></tr>"
          "<tr><th scope=\"row\">Top customer</th><td id=\"top-customer\">{}</td></tr>"
          "<tr><th scope=\"row\">Work orders picked up</th><td>{}</td></tr>"
          "<tr><th scope=\"row\">Labor revenue</th><td>{}</td></tr>"
          "</tbody></table>",
          amount(d, "revenue_cents"), amount(d, "tax_cents"), amount(d, "total_cents"), d.value("sales_count", std::int64_t{0}),
          d.value("returns_count", std::int64_t{0}), raw(customer), service.value("work_orders_picked_up", std::int64_t{0}),
          amount(service, "labor_cents"));
    const Json products = d.value("top_products", Json::array());
    h.add("<h3>Top products</h3>");
    if (products.empty()) {
        h.add("<p class=\"muted\">Nothing was sold this week.</p>");
    } else {
        h.add("<table class=\"settings\" id=\"top-products\"><thead><tr><th scope=\"col\">Product</th><th scope=\"col\">SKU</th>"
              "<th scope=\"col\">Quantity</th><th scope=\"col\">Revenue</th></tr></thead><tbody>");
        for (const auto& p : products)
            h.add("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", p.value("name", ""), p.value("sku", ""),
                  p.value("quantity", std::int64_t{0}), amount(p, "revenue_cents"));
        h.add("</tbody></table>");
    }
    h.add("</section>");
    co_return h.take();
}

}  // namespace

std::string report_download_href(std::string_view key) { return "/reports/download?key=" + percent_encode(key, "-_.~/"); }

Task<Response> reports_page(Context& cx, const Request&) {
    HELM_CO_TRY(auto reports, co_await stored_reports(cx));
    Html h;
    h.add("<p class=\"muted\">Each night the shop lists the products to reorder; each Monday morning it writes the digest of "
          "the week that ended; on the 1st, the sales tax by rate and the profit of the month that ended. Amounts are in {}.</p>",
          cx.shop.currency);
    const auto latest = std::find_if(reports.begin(), reports.end(), [](const StoredReport& r) { return r.cadence == "weekly"; });
    if (latest != reports.end()) {
        HELM_CO_TRY(std::optional<StoredObject> object, co_await cx.assets.get(latest->key));
        const Json digest = object ? Json::parse(object->body.begin(), object->body.end(), nullptr, false) : Json();
        if (digest.is_object()) {
            const std::string markup = co_await digest_markup(cx, digest);
            h.add("{}", raw(markup));
        } else {
            h.add("<p class=\"error\" role=\"alert\">The digest {} could not be read.</p>", latest->key);
        }
    }
    if (reports.empty()) {
        h.add("<p class=\"muted\" id=\"no-reports\">No reports yet: the first weekly digest is written on Monday morning.</p>");
    } else {
        h.add("<h2 id=\"stored-reports\">Stored reports</h2><table class=\"settings\" id=\"report-files\" aria-labelledby=\"stored-reports\">"
              "<thead><tr><th scope=\"col\">Period</th><th scope=\"col\">Report</th><th scope=\"col\">File</th></tr></thead><tbody>");
        for (const auto& r : reports)
            h.add("<tr><td>{}</td><td>{}</td><td><a href=\"{}\" download>{}</a></td></tr>", r.label, r.name, report_download_href(r.key),
                  r.key.substr(reports_prefix.size()));
        h.add("</tbody></table>");
    }
    co_return Response::html(200, web::page(cx, {"reports", "Reports"}, h.str()));
}

Task<Response> download_report(Context& cx, const Request& rq) {
    const std::string key = rq.query_value("key");
    const auto content_type = report_content_type(key);
    if (!content_type) co_return Error{Code::not_found, "report not found", "key"};
    HELM_CO_TRY(std::optional<StoredObject> object, co_await cx.assets.get(key));
    if (!object) co_return Error{Code::not_found, "report not found", "key"};
    // reports/monthly/2026-11/sales-tax.csv -> monthly-2026-11-sales-tax.csv
    std::string file = key.substr(reports_prefix.size());
    std::replace(file.begin(), file.end(), '/', '-');
    Response r = Response::bytes(std::string(*content_type), std::string(object->body.begin(), object->body.end()), "private, no-store");
    r.headers.push_back({"content-disposition", "attachment; filename=\"" + file + "\""});
    co_return r;
}

}  // namespace helm::ops
