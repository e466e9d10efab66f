#pragma once
#include "core/router.hpp"

namespace helm::catalog {
Task<Response> post_product(Context& cx, const Request& rq);
Task<Response> search_products(Context& cx, const Request& rq);
Task<Response> get_product(Context& cx, const Request& rq);
Task<Response> patch_product(Context& cx, const Request& rq);
Task<Response> scan_barcode(Context& cx, const Request& rq);
Task<Response> export_catalog(Context& cx, const Request& rq);
Task<Response> import_catalog(Context& cx, const Request& rq);
Task<Response> get_categories(Context& cx, const Request& rq);
Task<Response> post_category(Context& cx, const Request& rq);
Task<Response> patch_category(Context& cx, const Request& rq);
Task<Response> get_vendors(Context& cx, const Request& rq);
Task<Response> post_vendor(Context& cx, const Request& rq);
Task<Response> get_tax_classes(Context& cx, const Request& rq);
Task<Response> post_tax_rate(Context& cx, const Request& rq);
}  // namespace helm::catalog
