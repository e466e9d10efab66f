// Settings › Catalog: the shop's tax rates, its category tree and its vendors, each with a
// form to add one. Plain HTML forms over the same functions as the API.
#include "catalog/views/catalog_settings.hpp"

#include "catalog/product.hpp"
#include "catalog/taxonomy.hpp"
#include "core/money.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::catalog {
namespace {

enum class Part { none, rate, category, vendor };

struct Outcome : web::FormOutcome<Part> {
    // The form says "rate" in percent where the API says rate_ppm.
    bool at_fault(Part p, std::string_view name) const {
        return failed(p) && (error->field == name || (name == "rate" && error->field == "rate_ppm"));
    }
};

// A closed set of notices, so that a crafted link cannot put its own words on the page.
std::string_view notice(std::string_view done) {
    if (done == "rate") return "Tax rate added.";
    if (done == "category") return "Category added.";
    if (done == "vendor") return "Vendor added.";
    return {};
}

void input(Html& h, const Outcome& o, Part p, std::string_view id, std::string_view name, std::string_view label, std::string_view attrs) {
    web::text_input(h, {id, name, label, o.failed(p) ? form_value(o.entered, name) : std::string(), attrs, o.at_fault(p, name)});
}

Task<Response> render(Context& cx, int status, const Outcome& o, std::string_view done) {
    HELM_CO_TRY(auto classes, co_await list_tax_classes(cx));
    HELM_CO_TRY(auto categories, co_await list_categories(cx));
    HELM_CO_TRY(auto vendors, co_await list_vendors(cx));
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Catalog</p>");
    if (auto text = notice(done); !text.empty()) h.add("<p class=\"notice\" role=\"status\">{}</p>", text);

    h.add("<h2 id=\"tax\">Tax rates</h2><table class=\"settings\" id=\"tax-rates\"><thead><tr><th scope=\"col\">Class</th>"
          "<th scope=\"col\">Tax</th><th scope=\"col\" class=\"num\">Rate</th><th scope=\"col\">From</th><th scope=\"col\">Until</th>"
          "</tr></thead><tbody>");
    for (const auto& c : classes) {
        if (c["rates"].empty()) h.add("<tr><th scope=\"row\">{}</th><td colspan=\"4\" class=\"muted\">no tax</td></tr>", c["name"].get<std::string>());
        for (const auto& r : c["rates"])
            h.add("<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>", c["name"].get<std::string>(),
                  r["name"].get<std::string>(), format_percent(r["rate_ppm"].get<std::int64_t>()), r["valid_from"].get<std::string>(),
                  r["valid_until"].is_null() ? std::string("—") : r["valid_until"].get<std::string>());
    }
    h.add("</tbody></table><form class=\"card\" id=\"add-rate\" method=\"post\" action=\"/settings/catalog/tax-rates\"><h3>Add a rate</h3>");
    if (o.failed(Part::rate)) web::form_error(h, o.error);
    web::select(h, "rate-class", "tax_class", "Class", tax_class_words, o.failed(Part::rate) ? form_value(o.entered, "tax_class") : "",
                o.at_fault(Part::rate, "tax_class"));
    input(h, o, Part::rate, "rate-name", "name", "Name on receipts (GST, PST, VAT)", "required maxlength=\"40\" data-shortcut=\"t\"");
    input(h, o, Part::rate, "rate-percent", "rate", "Rate in percent", "required inputmode=\"decimal\" placeholder=\"7.25\"");
    input(h, o, Part::rate, "rate-from", "valid_from", "Valid from", "required type=\"date\"");
    input(h, o, Part::rate, "rate-until", "valid_until", "Valid until (blank: open-ended)", "type=\"date\"");
    h.add("<button type=\"submit\">Add rate</button></form>");

    h.add("<h2 id=\"categories\">Categories</h2><ul class=\"categories\" id=\"category-list\">");
    for (const auto& c : categories) h.add("<li>{} <span class=\"muted\">#{}</span></li>", c["path"].get<std::string>(), c["id"].get<std::int64_t>());
    h.add("</ul><form class=\"card\" id=\"add-category\" method=\"post\" action=\"/settings/catalog/categories\"><h3>Add a category</h3>");
    if (o.failed(Part::category)) web::form_error(h, o.error);
    input(h, o, Part::category, "category-name", "name", "Name", "required maxlength=\"80\"");
    h.add("<label for=\"category-parent\">Under</label><select id=\"category-parent\" name=\"parent_id\"{}><option value=\"\">(the top)</option>",
          web::fault_marks(o.at_fault(Part::category, "parent_id")));
    for (const auto& c : categories) h.add("<option value=\"{}\">{}</option>", c["id"].get<std::int64_t>(), c["path"].get<std::string>());
    h.add("</select><button type=\"submit\">Add category</button></form>");

    h.add("<h2 id=\"vendors\">Vendors</h2><ul class=\"vendors\" id=\"vendor-list\">");
    for (const auto& v : vendors)
        h.add("<li>{}{}</li>", v["name"].get<std::string>(),
              v["account_number"].is_null() ? std::string() : " · account " + v["account_number"].get<std::string>());
    h.add("</ul><form class=\"card\" id=\"add-vendor\" method=\"post\" action=\"/settings/catalog/vendors\"><h3>Add a vendor</h3>");
    if (o.failed(Part::vendor)) web::form_error(h, o.error);
    input(h, o, Part::vendor, "vendor-name", "name", "Name", "required maxlength=\"120\"");
    input(h, o, Part::vendor, "vendor-account", "account_number", "Our account number with them", "maxlength=\"64\"");
    input(h, o, Part::vendor, "vendor-email", "email", "Email", "type=\"email\" maxlength=\"254\"");
    input(h, o, Part::vendor, "vendor-phone", "phone", "Phone", "type=\"tel\" maxlength=\"40\"");
    h.add("<button type=\"submit\">Add vendor</button></form>");
    co_return Response::html(status, web::page(cx, {"settings", "Catalog settings"}, h.str()));
}

// A post: 303 back with a notice, or the page again with the form's error and what it held.
template <class Fields>
Task<Response> post(Context& cx, const Request& rq, Part part, std::string_view done, Result<Fields> (*parse)(const Form&),
                    Task<Result<Json>> (*write)(Context&, const Fields&)) {
    Outcome o;
    o.part = part;
    o.entered = parse_form(rq.body);
    auto fields = parse(o.entered);
    if (fields) {
        auto written = co_await write(cx, *fields);
        if (written) co_return Response::redirect("/settings/catalog?done=" + std::string(done));
        o.error = std::move(written).error();
    } else {
        o.error = std::move(fields).error();
    }
    co_return co_await render(cx, Response::http_status(o.error->code), o, "");
}

}  // namespace

Task<Response> catalog_settings_page(Context& cx, const Request& rq) {
    const Outcome none;
    co_return co_await render(cx, 200, none, rq.query_value("done"));
}

Task<Response> add_tax_rate_from_form(Context& cx, const Request& rq) {
    co_return co_await post<RateFields>(cx, rq, Part::rate, "rate", rate_from_form, add_tax_rate);
}
Task<Response> add_category_from_form(Context& cx, const Request& rq) {
    co_return co_await post<CategoryFields>(cx, rq, Part::category, "category", category_from_form, add_category);
}
Task<Response> add_vendor_from_form(Context& cx, const Request& rq) {
    co_return co_await post<VendorFields>(cx, rq, Part::vendor, "vendor", vendor_from_form, add_vendor);
}

}  // namespace helm::catalog
