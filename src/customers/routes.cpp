#include "customers/routes.hpp"

#include <array>

#include "customers/api.hpp"
#include "customers/views/customer_pages.hpp"

namespace helm::customers {
namespace {

constexpr std::array table{
    Route{"GET", "/api/customers", search_customers, "screen.customers"},
    Route{"POST", "/api/customers", post_customer, "screen.customers"},
    Route{"GET", "/api/customers/:id", get_customer, "screen.customers"},
    Route{"PATCH", "/api/customers/:id", patch_customer, "screen.customers"},
    Route{"POST", "/api/customers/:id/bikes", post_bike, "screen.customers"},
    Route{"PATCH", "/api/bikes/:id", patch_bike, "screen.customers"},
    Route{"POST", "/api/customers/:id/merge", post_merge, "action.customer_merge"},
    Route{"POST", "/api/customers/:id/erase", post_erase, "action.customer_erase"},
    Route{"GET", "/api/customers/:id/export", get_export, "action.data_export"},
    Route{"GET", "/customers", customers_page, "screen.customers"},
    Route{"POST", "/customers", add_customer_from_form, "screen.customers"},
    Route{"GET", "/customers/:id", customer_page, "screen.customers"},
    Route{"POST", "/customers/:id", save_customer_from_form, "screen.customers"},
    Route{"POST", "/customers/:id/bikes", add_bike_from_form, "screen.customers"},
    Route{"POST", "/customers/:id/merge", merge_from_form, "action.customer_merge"},
    Route{"POST", "/customers/:id/erase", erase_from_form, "action.customer_erase"},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::customers
