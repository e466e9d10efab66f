#include "web/layout.hpp"

#include <array>

#include "core/html.hpp"
#include "core/http.hpp"

namespace helm::web {
namespace {

// Every screen is reachable from here; a new screen adds one row.
constexpr std::array nav_entries{
    NavEntry{"home", "/", "Home", "h", ""},
    NavEntry{"products", "/products", "Products", "p", "Find, price and add what the shop sells"},
    NavEntry{"audit", "/audit", "Audit log", "a", "Who changed what, and when"},
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

std::string page(const Shop& shop, const Screen& screen, std::string_view main_markup) {
    Html h;
    h.add("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>{} · {}</title><link rel=\"stylesheet\" href=\"/static/helm.css\">",
          screen.title, shop.name);
    // Colours come from the shop's overrides; only plain hex colours reach the style tag.
    h.add("<style>:root{--brand:{};--accent:{}}</style>",
          is_safe_color(shop.primary_color) ? shop.primary_color : "#1f4e79",
          is_safe_color(shop.accent_color) ? shop.accent_color : "#f2a900");
    if (!screen.script.empty()) h.add("<script type=\"module\" src=\"/static/{}\"></script>", screen.script);
    h.add("</head><body><a class=\"skip\" href=\"#main\">Skip to content</a>"
          "<header class=\"shell\"><a class=\"brand\" href=\"/\"><img src=\"/brand/logo.svg\" alt=\"\" width=\"40\" height=\"40\">"
          "<span class=\"shop-name\">{}</span></a><nav aria-label=\"Main\"><ul>",
          shop.name);
    for (const auto& e : nav_entries)
        h.add("<li><a href=\"{}\" accesskey=\"{}\"{}>{}</a></li>", e.href, e.accesskey,
              raw(e.key == screen.key ? " aria-current=\"page\"" : ""), e.label);
    h.add("</ul></nav></header><main id=\"main\"><h1>{}</h1>{}</main></body></html>", screen.title, raw(main_markup));
    return h.take();
}

std::string error_page(const Shop& shop, const Error& error, std::string_view request_id) {
    Html body;
    body.add("<p class=\"error\" role=\"alert\">{}</p><p class=\"muted\">Status {} · request {}</p><p><a href=\"/\">Back to Home</a></p>",
             error.message, Response::http_status(error.code), request_id);
    return page(shop, {"", error.code == Code::not_found ? "Not found" : "Something went wrong"}, body.str());
}

}  // namespace helm::web
