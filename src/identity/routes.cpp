#include "identity/routes.hpp"

#include <array>

#include "auth/access.hpp"
#include "identity/identity.hpp"
#include "identity/views/shop_page.hpp"

namespace helm::identity {
namespace {

constexpr std::string_view helm_logo =
    R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><circle cx="20" cy="20" r="18" fill="none" stroke="currentColor" stroke-width="4"/><path d="M20 6v28M6 20h28" stroke="currentColor" stroke-width="3"/></svg>)";

// Served as an image under the Worker's content security policy: a script in an SVG never runs.
Task<Response> logo(Context& cx, const Request&) {
    HELM_CO_TRY(auto shop, co_await shop_as_kept(cx));
    co_return Response::bytes("image/svg+xml", shop.logo_svg.empty() ? std::string(helm_logo) : shop.logo_svg, "public, max-age=300");
}

constexpr std::array table{
    Route{"GET", "/brand/logo.svg", logo, access::open},
    Route{"GET", "/settings/shop", shop_page, "screen.settings"},
    Route{"POST", "/settings/shop", save_shop_from_form, "screen.settings"},
    Route{"GET", "/api/shop-details", get_shop_details, "screen.settings"},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::identity
