#include "web/routes.hpp"

#include <array>

#include "core/html.hpp"
#include "web/layout.hpp"
#include "web/static_files.hpp"

namespace helm::web {
namespace {

Task<Response> home(Context& cx, const Request&) {
    Html h;
    if (!cx.shop.tagline.empty()) h.add("<p class=\"tagline\">{}</p>", cx.shop.tagline);
    h.add("<ul class=\"tiles\">");
    for (const auto& screen : screens())
        if (!screen.blurb.empty())
            h.add("<li><a href=\"{}\"><strong>{}</strong><span>{}</span></a></li>", screen.href, screen.label, screen.blurb);
    h.add("</ul><p class=\"muted\">Helm {} · {}</p>", cx.shop.build.version, cx.shop.build.commit);
    co_return Response::html(200, page(cx.shop, {"home", "Home"}, h.str()));
}

Task<Response> static_file(Context&, const Request& rq) {
    auto file = find_static(rq.param("*"));
    if (!file) co_return Response::not_found("file");
    co_return Response::bytes(std::string(file->content_type), std::string(file->bytes), "public, max-age=300");
}

constexpr std::string_view default_logo =
    R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="none" stroke="currentColor" stroke-width="4"/><path d="M20 6v28M6 20h28" stroke="currentColor" stroke-width="3"/></svg>)";

Task<Response> logo(Context& cx, const Request&) {
    co_return Response::bytes("image/svg+xml", cx.shop.logo_svg.empty() ? std::string(default_logo) : cx.shop.logo_svg,
                              "public, max-age=300");
}

constexpr std::array table{
    Route{"GET", "/", home},
    Route{"GET", "/static/*", static_file},
    Route{"GET", "/brand/logo.svg", logo},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::web
