#pragma once
#include "core/router.hpp"

namespace helm::customers {
Task<Response> customers_page(Context& cx, const Request& rq);
Task<Response> add_customer_from_form(Context& cx, const Request& rq);
Task<Response> customer_page(Context& cx, const Request& rq);
Task<Response> save_customer_from_form(Context& cx, const Request& rq);
Task<Response> add_bike_from_form(Context& cx, const Request& rq);
Task<Response> merge_from_form(Context& cx, const Request& rq);
Task<Response> erase_from_form(Context& cx, const Request& rq);
}  // namespace helm::customers
