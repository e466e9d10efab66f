#include "identity/identity.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "core/html.hpp"
#include "identity/identity_sql.hpp"

namespace helm::identity {
namespace {

constexpr std::size_t max_logo_bytes = 65536;

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find('\n', start), text.size());
        std::string_view raw_line = text.substr(start, end - start);
        if (!raw_line.empty() && raw_line.back() == '\r') raw_line.remove_suffix(1);  // a textarea sends \r\n
        std::string line = trimmed(raw_line);
        if (!line.empty()) out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

// Each line is typed text (no control or hidden characters, no card number); the whole
// fits its column.
Result<std::vector<std::string>> checked_lines(std::string_view field, std::string_view text, std::size_t max_lines, std::size_t max_total) {
    auto lines = lines_of(text);
    if (lines.size() > max_lines) return invalid(std::string(field), std::string(field) + " has at most " + std::to_string(max_lines) + " lines");
    for (const auto& line : lines)
        if (auto ok = check_text(field, line, max_total); !ok) return std::move(ok).error();
    if (joined_lines(lines).size() > max_total)
        return invalid(std::string(field), std::string(field) + " is at most " + std::to_string(max_total) + " characters");
    return lines;
}

// An SVG document: it is served as an image under the Worker's content security policy,
// so a script in it never runs; this keeps out what is plainly not a logo.
Result<std::string> checked_logo(std::string text) {
    text = trimmed(text);
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const auto svg = lower.find("<svg");
    if (svg == std::string::npos || (svg != 0 && lower.rfind("<?xml", 0) != 0) || lower.find("</svg>") == std::string::npos)
        return invalid("logo_svg", "the logo is an SVG file's text, from <svg to </svg>");
    if (text.size() > max_logo_bytes) return invalid("logo_svg", "the logo is at most 64 KiB");
    if (lower.find("<script") != std::string::npos || lower.find("javascript:") != std::string::npos)
        return invalid("logo_svg", "the logo must not hold a script");
    return text;
}

Details from_config(const Shop& shop) {
    Details d;
    d.address = lines_of(shop.receipt.address);
    d.tax_numbers = shop.receipt.tax_numbers;
    d.footer = lines_of(shop.receipt.footer);
    d.hours = lines_of(shop.receipt.hours);
    d.phone = shop.receipt.phone;
    return d;
}

}  // namespace

std::string joined_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
    return out;
}

Json details_json(const Details& d) {
    return {{"address", d.address}, {"phone", d.phone},          {"tax_numbers", d.tax_numbers},
            {"footer", d.footer},   {"hours", d.hours},          {"custom_logo", d.logo_svg.has_value()},
            {"version", d.version}};
}

Task<Result<Details>> load_details(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::details));
    if (found.rows.empty()) co_return from_config(cx.shop);
    const Row row(found, 0);
    Details d;
    d.address = lines_of(row.text("address"));
    d.phone = row.text("phone");
    d.tax_numbers = lines_of(row.text("tax_numbers"));
    d.footer = lines_of(row.text("footer"));
    d.hours = lines_of(row.text("hours"));
    if (!row.is_null("logo_svg")) d.logo_svg = row.text("logo_svg");
    d.version = row.integer("version");
    co_return d;
}

Task<Result<Shop>> shop_as_kept(Context& cx) {
    HELM_CO_TRY(auto d, co_await load_details(cx));
    Shop shop = cx.shop;
    shop.receipt.address = joined_lines(d.address);
    shop.receipt.phone = d.phone;
    shop.receipt.tax_numbers = d.tax_numbers;
    shop.receipt.footer = joined_lines(d.footer);
    shop.receipt.hours = joined_lines(d.hours);
    if (d.logo_svg) shop.logo_svg = *d.logo_svg;
    co_return shop;
}

Result<Details> details_from_form(const Form& form, const Details& current) {
    Details d;
    HELM_TRY(d.address, checked_lines("address", form_value(form, "address"), 6, 400));
    d.phone = trimmed(form_value(form, "phone"));
    if (!d.phone.empty())
        if (auto ok = check_code_text("phone", d.phone, 40); !ok) return std::move(ok).error();
    HELM_TRY(d.tax_numbers, checked_lines("tax_numbers", form_value(form, "tax_numbers"), 6, 400));
    HELM_TRY(d.footer, checked_lines("footer", form_value(form, "footer"), 8, 600));
    HELM_TRY(d.hours, checked_lines("hours", form_value(form, "hours"), 8, 400));
    d.logo_svg = current.logo_svg;
    if (form_value(form, "remove_logo") == "1") d.logo_svg = std::string();  // Helm's own logo
    else if (const std::string logo = form_value(form, "logo_svg"); !trimmed(logo).empty()) {
        HELM_TRY(auto svg, checked_logo(logo));
        d.logo_svg = std::move(svg);
    }
    return d;
}

Task<Result<Details>> save_details(Context& cx, const Details& details, std::int64_t expected_version) {
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        HELM_CO_TRY(auto before, co_await load_details(cx));
        if (before.version != expected_version)
            co_return Error{Code::conflict, "someone saved the shop's details meanwhile: reload the page", "version"};
        Details after = details;
        after.version = before.version + 1;
        co_return audit::Change{{{std::string(sql::save_details),
                                  {joined_lines(after.address), after.phone, joined_lines(after.tax_numbers), joined_lines(after.footer), joined_lines(after.hours),
                                   nullable(after.logo_svg), after.version, cx.now_ms()}}},
                                {"shop_details.update", "shop_details", "1", details_json(before), details_json(after)}};
    });
    if (!written) co_return std::move(written).error();
    co_return co_await load_details(cx);
}

std::string printed_head_html(const Shop& shop) {
    Html h;
    h.add("<header><p class=\"receipt-shop\">{}</p>", shop.name);
    if (!shop.receipt.address.empty()) h.add("<p class=\"receipt-address\">{}</p>", shop.receipt.address);
    if (!shop.receipt.phone.empty()) h.add("<p class=\"receipt-phone\">{}</p>", shop.receipt.phone);
    if (!shop.receipt.tax_numbers.empty()) {
        h.add("<ul class=\"receipt-tax-numbers\">");
        for (const auto& number : shop.receipt.tax_numbers) h.add("<li>{}</li>", number);
        h.add("</ul>");
    }
    h.add("</header>");
    return h.take();
}

}  // namespace helm::identity
