// Settings › Register: how the shop prices and taxes, how far a clerk may discount on
// their own, whether a return without its receipt is taken (as store credit only), and
// whether an open drawer shows the cash it should hold.
// A plain form over sales::load_settings / save_settings (audited there); the Settings
// screen's permission reads and saves it, as PUT /api/register-settings.
#include <charconv>
#include <tuple>

#include "core/fields.hpp"
#include "core/money.hpp"
#include "sales/sales.hpp"
#include "sales/views/sale_pages.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::sales {
namespace {

constexpr Choice roundings[] = {{"line", "Each line"}, {"invoice", "The whole sale"}};

using Outcome = web::FormOutcome<>;

// "10", "12.5", "12.75": a percentage from 0 to 100 with up to two decimals, in ppm.
Result<std::int64_t> discount_limit_ppm(std::string_view text) {
    const auto refused = invalid("discount_limit", "the discount limit is a percentage from 0 to 100, like 10 or 12.5");
    const auto dot = text.find('.');
    const std::string_view whole = text.substr(0, dot), fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    const bool digits = !whole.empty() && whole.size() <= 3 && fraction.size() <= 2 &&
                        whole.find_first_not_of("0123456789") == std::string_view::npos &&
                        fraction.find_first_not_of("0123456789") == std::string_view::npos && (dot == std::string_view::npos || !fraction.empty());
    if (!digits) return refused;
    std::int64_t units = 0, hundredths = 0;
    std::from_chars(whole.data(), whole.data() + whole.size(), units);
    std::string padded(fraction);
    padded.resize(2, '0');
    std::from_chars(padded.data(), padded.data() + 2, hundredths);
    const std::int64_t ppm = units * 10000 + hundredths * 100;
    if (ppm > ppm_one) return refused;
    return ppm;
}

// The form's values: what was sent when it came back with an error, else what is stored.
Form form_of(const RegisterSettings& s) {
    return {{"prices_include_tax", s.prices_include_tax ? "1" : "0"},
            {"tax_rounding", s.round_per_invoice ? "invoice" : "line"},
            {"discount_limit", percent_figure(s.discount_limit_ppm)},  // the label says "%"
            {"receiptless_returns", s.receiptless_returns ? "1" : "0"},
            {"show_expected_cash", s.show_expected_cash ? "1" : "0"}};
}

Result<RegisterSettings> settings_from_form(const Form& form, RegisterSettings s) {
    s.prices_include_tax = web::ticked(form, "prices_include_tax");
    const std::string rounding = form_value(form, "tax_rounding");
    if (rounding != "line" && rounding != "invoice") return invalid("tax_rounding", "tax is rounded per line or per invoice");
    s.round_per_invoice = rounding == "invoice";
    HELM_TRY(s.discount_limit_ppm, discount_limit_ppm(trimmed(form_value(form, "discount_limit"))));
    s.receiptless_returns = web::ticked(form, "receiptless_returns");
    s.show_expected_cash = web::ticked(form, "show_expected_cash");
    return s;
}

Task<Response> render(Context& cx, int status, const Outcome& o, bool saved) {
    HELM_CO_TRY(auto stored, co_await load_settings(cx));
    const Form values = o.error ? o.entered : form_of(stored);
    Html h;
    h.add("<p><a href=\"/settings\">Settings</a> › Register</p>");
    if (saved) h.add("<p class=\"notice\" role=\"status\">Saved.</p>");
    h.add("<form class=\"card\" id=\"register-settings\" method=\"post\" action=\"/settings/register\">");
    web::form_error(h, o.error);
    web::checkbox(h, "prices-include-tax", "prices_include_tax", "Prices include tax (the shelf price is what the customer pays)",
                  web::ticked(values, "prices_include_tax"), o.at_fault("prices_include_tax"));
    web::select(h, "tax-rounding", "tax_rounding", "Round the tax on", roundings, form_value(values, "tax_rounding"), o.at_fault("tax_rounding"));
    web::text_input(h, {"discount-limit", "discount_limit", "Discount limit in percent", form_value(values, "discount_limit"),
                        "required inputmode=\"decimal\" maxlength=\"6\" autocomplete=\"off\" data-shortcut=\"l\"", o.at_fault("discount_limit")});
    h.add("<p class=\"hint\">A larger discount needs the “Discount over the limit” permission or a manager's PIN.</p>");
    web::checkbox(h, "receiptless-returns", "receiptless_returns", "Take returns without a receipt, as store credit only",
                  web::ticked(values, "receiptless_returns"), o.at_fault("receiptless_returns"));
    web::checkbox(h, "show-expected-cash", "show_expected_cash", "Show what an open drawer should hold (off: the count at closing is blind)",
                  web::ticked(values, "show_expected_cash"), o.at_fault("show_expected_cash"));
    h.add("<button type=\"submit\">Save</button></form>");
    HELM_CO_TRY(auto registers, co_await list_registers(cx));
    h.add("<h2 id=\"registers\">Receipt printing</h2>");
    for (const auto& r : registers) {
        const std::string id = "auto-print-" + std::to_string(r.id);
        h.add("<form class=\"inline\" method=\"post\" action=\"/settings/registers/{}\">", r.id);
        web::checkbox(h, id, "auto_print", r.name + ": print the receipt as each sale completes", r.auto_print, false);
        h.add("<button type=\"submit\" class=\"secondary\">Save</button></form>");
    }
    co_return Response::html(status, web::page(cx, {"settings", "Register settings"}, h.str()));
}

Task<Status> save(Context& cx, const Form& form) {
    HELM_CO_TRY(auto stored, co_await load_settings(cx));
    HELM_CO_TRY(auto wanted, settings_from_form(form, stored));
    HELM_CO_TRY(std::ignore, co_await save_settings(cx, wanted));
    co_return Ok{};
}

}  // namespace

Task<Response> register_settings_page(Context& cx, const Request& rq) { co_return co_await web::settings_page(cx, rq, render); }

Task<Response> save_register_settings_from_form(Context& cx, const Request& rq) {
    co_return co_await web::settings_post(cx, rq, "/settings/register", save, render);
}

Task<Response> save_register_printing_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "register"));
    HELM_CO_TRY(auto saved, co_await save_register_printing(cx, id, web::ticked(parse_form(rq.body), "auto_print")));
    co_return Response::redirect("/settings/register?done=saved#registers");
}

}  // namespace helm::sales
