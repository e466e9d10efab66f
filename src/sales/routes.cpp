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
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::sales
