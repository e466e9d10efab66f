#include "catalog/routes.hpp"

#include <array>

#include "catalog/api.hpp"
#include "catalog/views/catalog_settings.hpp"
#include "catalog/views/products_page.hpp"

namespace helm::catalog {
namespace {

constexpr std::array table{
    Route{"GET", "/api/products", search_products, "screen.inventory"},
    Route{"POST", "/api/products", post_product, "action.catalog_edit"},
    Route{"GET", "/api/products/:id", get_product, "screen.inventory"},
    Route{"PATCH", "/api/products/:id", patch_product, "action.catalog_edit"},
    Route{"GET", "/api/barcodes/:code", scan_barcode, access::staff},
    Route{"GET", "/api/categories", get_categories, "screen.inventory"},
    Route{"POST", "/api/categories", post_category, "action.catalog_edit"},
    Route{"PATCH", "/api/categories/:id", patch_category, "action.catalog_edit"},
    Route{"GET", "/api/vendors", get_vendors, "screen.inventory"},
    Route{"POST", "/api/vendors", post_vendor, "action.catalog_edit"},
    Route{"GET", "/api/tax-classes", get_tax_classes, access::staff},
    Route{"POST", "/api/tax-rates", post_tax_rate, "screen.settings"},
    Route{"GET", "/settings/catalog", catalog_settings_page, "screen.settings"},
    Route{"POST", "/settings/catalog/tax-rates", add_tax_rate_from_form, "screen.settings"},
    Route{"POST", "/settings/catalog/categories", add_category_from_form, "action.catalog_edit"},
    Route{"POST", "/settings/catalog/vendors", add_vendor_from_form, "action.catalog_edit"},
    Route{"GET", "/api/catalog/export.csv", export_catalog, "screen.inventory"},
    Route{"POST", "/api/catalog/import", import_catalog, "action.catalog_edit"},
    Route{"GET", "/products", products_page, "screen.inventory"},
    Route{"GET", "/products/import", import_page, "action.catalog_edit"},
    Route{"POST", "/products/import", import_from_form, "action.catalog_edit"},
    Route{"POST", "/products", add_product_from_form, "action.catalog_edit"},
    Route{"GET", "/products/:id", product_page, "screen.inventory"},
    Route{"POST", "/products/:id", save_product_from_form, "action.catalog_edit"},
};

}  // namespace

std::span<const Route> routes() { return table; }

}  // namespace helm::catalog
