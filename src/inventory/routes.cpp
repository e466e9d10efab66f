#include "inventory/routes.hpp"

#include <array>

#include "inventory/api.hpp"
#include "inventory/views/stock_pages.hpp"

namespace helm::inventory {
namespace {

constexpr std::array table{
    Route{"POST", "/api/products/:id/receive", post_receipt, "action.inventory_receive"},
    Route{"POST", "/api/products/:id/adjust", post_adjustment, "action.inventory_adjust"},
    Route{"GET", "/api/products/:id/movements", get_movements, "screen.inventory"},
    Route{"GET", "/api/products/:id/units", get_product_units, "screen.inventory"},
    Route{"GET", "/api/serial-units", find_units, "screen.inventory"},
    Route{"GET", "/api/serial-units/:id", get_unit, "screen.inventory"},
    Route{"POST", "/api/serial-units/:id/status", post_unit_status, "screen.inventory"},
    Route{"POST", "/api/serial-units/:id/adjust", post_unit_adjustment, "action.inventory_adjust"},
    Route{"GET", "/api/inventory/check", get_level_check, "screen.inventory"},
    Route{"GET", "/api/inventory/reorder", get_reorder_list, "screen.inventory"},
    Route{"GET", "/api/counts", get_counts, "screen.inventory"},
    Route{"POST", "/api/counts", post_count, "action.inventory_adjust"},
    Route{"GET", "/api/counts/:id", get_count, "screen.inventory"},
    Route{"PUT", "/api/counts/:id/lines", put_count_line, "screen.inventory"},
    Route{"POST", "/api/counts/:id/post", post_count_post, "action.inventory_adjust"},
    Route{"POST", "/api/counts/:id/cancel", post_count_cancel, "action.inventory_adjust"},
    Route{"GET", "/stock", stock_page, "screen.inventory"},
    Route{"POST", "/stock/receive", receive_from_form, "action.inventory_receive"},
    Route{"POST", "/stock/adjust", adjust_from_form, "action.inventory_adjust"},
    Route{"POST", "/stock/counts", start_count_from_form, "action.inventory_adjust"},
    Route{"GET", "/stock/counts/:id", count_page, "screen.inventory"},
    Route{"POST", "/stock/counts/:id/lines", count_line_from_form, "screen.inventory"},
    Route{"POST", "/stock/counts/:id/post", post_count_from_form, "action.inventory_adjust"},
    Route{"GET", "/stock/units/:id", unit_page, "screen.inventory"},
    Route{"POST", "/stock/units/:id", move_unit_from_form, "screen.inventory"},
    Route{"POST", "/stock/units/:id/adjust", adjust_unit_from_form, "action.inventory_adjust"},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::inventory
