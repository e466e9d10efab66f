// Settings › Shop: the shop's details as receipts print them, and its logo. A plain form
// over identity::load_details / save_details; the first save stores what the overrides
// said, so the owner starts from the shop's own words.
#include "identity/views/shop_page.hpp"

#include <tuple>

#include "core/fields.hpp"
#include "identity/identity.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::identity {
namespace {

using Outcome = web::FormOutcome<>;

Task<Response> render(Context& cx, int status, const Outcome& o, bool saved) {
    HELM_CO_TRY(auto d, co_await load_details(cx));
    const bool again = o.error && o.error->code != Code::conflict;
    auto value = [&](std::string_view name, std::string stored) { return again ? form_value(o.entered, name) : stored; };
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Shop</p>");
    if (saved) h.add("<p class=\"notice\" role=\"status\">Saved. Receipts print the new details from now on.</p>");
    if (d.version == 0) h.add("<p class=\"hint\" id=\"from-overrides\">These are the details the shop was set up with. Saving keeps them here.</p>");
    h.add("<form class=\"card\" id=\"shop-details\" method=\"post\" action=\"/settings/shop\">");
    web::form_error(h, o.error);
    web::text_area(h, {"shop-address", "address", "Address (as printed, line by line)", value("address", joined_lines(d.address)),
                       "maxlength=\"400\" autofocus", o.at_fault("address")});
    web::text_input(h, {"shop-phone", "phone", "Phone", value("phone", d.phone), "maxlength=\"40\" autocomplete=\"off\"", o.at_fault("phone")});
    web::text_area(h, {"shop-tax-numbers", "tax_numbers", "Tax registration numbers (one a line)", value("tax_numbers", joined_lines(d.tax_numbers)),
                       "maxlength=\"400\"", o.at_fault("tax_numbers")});
    web::text_area(h, {"shop-hours", "hours", "Opening hours (as printed on a drop-off receipt)", value("hours", joined_lines(d.hours)),
                       "maxlength=\"400\"", o.at_fault("hours")});
    web::text_area(h, {"shop-footer", "footer", "Receipt footer (the return policy, a thank-you)", value("footer", joined_lines(d.footer)),
                       "maxlength=\"600\"", o.at_fault("footer")});
    h.add("<p class=\"logo-now\"><img src=\"/brand/logo.svg\" alt=\"The logo now\" width=\"48\" height=\"48\"> The logo now</p>");
    web::text_area(h, {"shop-logo", "logo_svg", "A new logo: paste the SVG file's text (empty: keep the logo)", value("logo_svg", ""),
                       "rows=\"4\" spellcheck=\"false\"", o.at_fault("logo_svg")});
    web::checkbox(h, "shop-remove-logo", "remove_logo", "Use Helm's own logo instead", false, false);
    h.add("<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Save</button></form>", d.version);
    co_return Response::html(status, web::page(cx, {"settings", "Shop details"}, h.str()));
}

Task<Status> save(Context& cx, const Form& form) {
    HELM_CO_TRY(auto current, co_await load_details(cx));
    HELM_CO_TRY(auto version, whole_number("version", trimmed(form_value(form, "version"))));
    HELM_CO_TRY(auto wanted, details_from_form(form, current));
    HELM_CO_TRY(std::ignore, co_await save_details(cx, wanted, version));
    co_return Ok{};
}

}  // namespace

Task<Response> shop_page(Context& cx, const Request& rq) { co_return co_await web::settings_page(cx, rq, render); }

Task<Response> save_shop_from_form(Context& cx, const Request& rq) {
    co_return co_await web::settings_post(cx, rq, "/settings/shop", save, render);
}

Task<Response> get_shop_details(Context& cx, const Request&) {
    HELM_CO_TRY(auto d, co_await load_details(cx));
    co_return Response::json(200, {{"details", details_json(d)}});
}

}  // namespace helm::identity
