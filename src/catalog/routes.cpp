#include "catalog/routes.hpp"

#include <array>

#include "catalog/api.hpp"
#include "catalog/views/products_page.hpp"

namespace helm::catalog {
namespace {

constexpr std::array table{
    Route{"GET", "/api/products", search_products},
    Route{"POST", "/api/products", post_product},
    Route{"GET", "/api/products/:id", get_product},
    Route{"PATCH", "/api/products/:id", patch_product},
    Route{"GET", "/products", products_page},
    Route{"POST", "/products", add_product_from_form},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::catalog
