#include "service/routes.hpp"

#include <array>

#include "service/api.hpp"

namespace helm::service {
namespace {

constexpr std::array table{
    Route{"GET", "/api/work-orders", get_work_orders, "screen.service"},
    Route{"POST", "/api/work-orders", post_work_order, "screen.service"},
    Route{"GET", "/api/work-orders/:id", get_work_order, "screen.service"},
    Route{"PATCH", "/api/work-orders/:id", patch_work_order, "screen.service"},
    Route{"POST", "/api/work-orders/:id/lines", post_line, "screen.service"},
    Route{"DELETE", "/api/work-orders/:id/lines/:line_id", delete_line, "screen.service"},
    Route{"POST", "/api/work-orders/:id/status", post_status, "screen.service"},
    Route{"POST", "/api/work-orders/:id/invoice", post_invoice, "screen.service"},
    Route{"POST", "/api/work-orders/:id/deposit", post_deposit, "screen.service"},
    Route{"GET", "/api/mechanics/:id/day", get_mechanic_day, "screen.service"},
    Route{"GET", "/api/workshop-load", get_workshop_load, "screen.service"},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::service
