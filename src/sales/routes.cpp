#include "sales/routes.hpp"

#include <array>

#include "sales/api.hpp"

namespace helm::sales {
namespace {

constexpr std::array table{
    // Documents: complete, quote, read, void (api.cpp).
    Route{"POST", "/api/sales/quote", post_quote, "screen.sales"},
    Route{"POST", "/api/sales", post_sale, "screen.sales"},
    Route{"GET", "/api/sales", get_sales, "screen.sales"},
    Route{"GET", "/api/sales/:id", get_sale, "screen.sales"},
    Route{"POST", "/api/sales/:id/void", post_void, "action.void"},
    // The register screen: the cart, held sales, tender (views/register_page.cpp).
    // Sales pages: list, sale and receipt, return/exchange, Settings › Register (views/sale_pages.cpp).
    // The cash drawer and the Z report (drawer.cpp, z_report.cpp, views/drawer_pages.cpp).
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::sales
