#pragma once
// What products are filed under and taxed by: the category tree, vendors, and tax classes
// with their rates. Small lists, edited rarely, read by every product screen.
#include "core/router.hpp"

namespace helm::catalog {
Task<Response> get_categories(Context& cx, const Request& rq);
Task<Response> post_category(Context& cx, const Request& rq);
Task<Response> patch_category(Context& cx, const Request& rq);
Task<Response> get_vendors(Context& cx, const Request& rq);
Task<Response> post_vendor(Context& cx, const Request& rq);
Task<Response> get_tax_classes(Context& cx, const Request& rq);
Task<Response> post_tax_rate(Context& cx, const Request& rq);
}  // namespace helm::catalog
