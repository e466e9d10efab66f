#include "web/layout.hpp"

#include "core/time.hpp"

#include <array>

#include "core/html.hpp"
#include "core/http.hpp"

namespace helm::web {
namespace {

// Every screen is reachable from here; a new screen adds one row.
constexpr std::array nav_entries{
    NavEntry{"home", "/", "Home", "h", "", "staff"},
    NavEntry{"register", "/register", "Register", "r", "Ring up sales, hold and resume them, take payment", "screen.sales"},
    NavEntry{"sales", "/sales", "Sales", "l", "Receipts, returns, exchanges and voids", "screen.sales"},
    NavEntry{"drawer", "/drawer", "Drawer", "d", "Open and close the cash drawer; the end-of-day Z report", "screen.sales"},
    NavEntry{"service", "/service", "Service", "v", "The workshop: check bikes in, the board of tickets, the day of each mechanic", "screen.service"},
    NavEntry{"products", "/products", "Products", "p", "Find, price and add what the shop sells", "screen.inventory"},
    NavEntry{"stock", "/stock", "Stock", "k", "Receive, adjust and count stock; bike serials", "screen.inventory"},
    NavEntry{"customers", "/customers", "Customers", "c", "Customers and their bikes", "screen.customers"},
    NavEntry{"reports", "/reports", "Reports", "o", "The weekly digest, the monthly sales tax and profit", "screen.reports"},
    NavEntry{"settings", "/settings", "Settings", "s", "Staff, permissions, sign-in and devices", "screen.settings"},
    NavEntry{"audit", "/audit", "Audit log", "a", "Who changed what, and when", "action.audit_view"},
};

bool is_safe_color(std::string_view c) {
    if (c.size() != 4 && c.size() != 7) return false;
    if (c[0] != '#') return false;
    for (char ch : c.substr(1))
        if (!std::isxdigit(static_cast<unsigned char>(ch))) return false;
    return true;
}

}  // namespace

std::span<const NavEntry> screens() { return nav_entries; }

bool may_open(const Context& cx, const NavEntry& entry) {
    if (!cx.session || !cx.session->has_staff()) return false;
    return entry.permission == "staff" || cx.session->can(entry.permission);
}

std::string page(const Context& cx, const Screen& screen, std::string_view main_markup) {
    const Shop& shop = cx.shop;
    const bool staff = cx.session && cx.session->has_staff();
    Html h;
    h.add("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>{} · {}</title><link rel=\"stylesheet\" href=\"/static/helm.css\">",
          screen.title, shop.name);
    // Colours come from the shop's overrides; only plain hex colours reach the style tag.
    h.add("<style>:root{--brand:{};--accent:{}}</style>",
          is_safe_color(shop.primary_color) ? shop.primary_color : "#1f4e79",
          is_safe_color(shop.accent_color) ? shop.accent_color : "#f2a900");
    h.add("<script type=\"module\" src=\"/static/shell.js\"></script>");
    if (!screen.script.empty()) h.add("<script type=\"module\" src=\"/static/{}\"></script>", screen.script);
    // The page knows the idle time so that its script can show the PIN pad when it runs out.
    h.add("</head><body{}><a class=\"skip\" href=\"#main\">Skip to content</a>"
          "<header class=\"shell\"><a class=\"brand\" href=\"/\"><img src=\"/brand/logo.svg\" alt=\"\" width=\"40\" height=\"40\">"
          "<span class=\"shop-name\">{}</span></a><nav aria-label=\"Main\"><ul>",
          raw(staff ? " data-idle-seconds=\"" + std::to_string(cx.session->idle_timeout_s) + "\"" : ""), shop.name);
    for (const auto& e : nav_entries)
        if (may_open(cx, e))
            h.add("<li><a href=\"{}\" accesskey=\"{}\"{}>{}</a></li>", e.href, e.accesskey,
                  raw(e.key == screen.key ? " aria-current=\"page\"" : ""), e.label);
    h.add("</ul></nav>");
    if (staff)
        h.add("<form class=\"who\" method=\"post\" action=\"/pin/sign-out\"><span class=\"staff-name\">{}</span>"
              "<button type=\"submit\" accesskey=\"w\">Switch</button></form>",
              cx.session->staff_name);
    h.add("</header><main id=\"main\"><h1>{}</h1>{}</main></body></html>", screen.title, raw(main_markup));
    return h.take();
}

std::string error_page(const Context& cx, const Error& error) {
    Html body;
    body.add("<p class=\"error\" role=\"alert\">{}</p><p class=\"muted\">Status {} · request {}</p><p><a href=\"/\">Back to Home</a></p>",
             error.message, Response::http_status(error.code), cx.request_id);
    std::string_view title = error.code == Code::not_found           ? "Not found"
                             : error.code == Code::permission_denied ? "Not allowed"
                                                                     : "Something went wrong";
    return page(cx, {"", title}, body.str());
}

std::string local_time(const Context& cx, std::int64_t at_ms) { return local_date_time(cx.shop.timezone, at_ms); }

}  // namespace helm::web
