#pragma once
#include "core/router.hpp"

namespace helm::catalog {
Task<Response> catalog_settings_page(Context& cx, const Request& rq);
Task<Response> add_tax_rate_from_form(Context& cx, const Request& rq);
Task<Response> add_category_from_form(Context& cx, const Request& rq);
Task<Response> add_vendor_from_form(Context& cx, const Request& rq);
}  // namespace helm::catalog
