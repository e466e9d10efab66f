#pragma once
#include "core/router.hpp"

namespace helm::catalog {
Task<Response> products_page(Context& cx, const Request& rq);
Task<Response> add_product_from_form(Context& cx, const Request& rq);
Task<Response> product_page(Context& cx, const Request& rq);
Task<Response> save_product_from_form(Context& cx, const Request& rq);
Task<Response> import_page(Context& cx, const Request& rq);
Task<Response> import_from_form(Context& cx, const Request& rq);
}  // namespace helm::catalog
