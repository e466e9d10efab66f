#pragma once
#include "core/router.hpp"

namespace helm::customers {
Task<Response> search_customers(Context& cx, const Request& rq);
Task<Response> post_customer(Context& cx, const Request& rq);
Task<Response> get_customer(Context& cx, const Request& rq);
Task<Response> patch_customer(Context& cx, const Request& rq);
Task<Response> post_bike(Context& cx, const Request& rq);
Task<Response> patch_bike(Context& cx, const Request& rq);
Task<Response> post_merge(Context& cx, const Request& rq);
Task<Response> post_erase(Context& cx, const Request& rq);
Task<Response> get_export(Context& cx, const Request& rq);
}  // namespace helm::customers
