#pragma once
#include "core/router.hpp"

namespace helm::inventory {
Task<Response> post_receipt(Context& cx, const Request& rq);
Task<Response> post_adjustment(Context& cx, const Request& rq);
Task<Response> get_movements(Context& cx, const Request& rq);
Task<Response> get_product_units(Context& cx, const Request& rq);
Task<Response> find_units(Context& cx, const Request& rq);
Task<Response> get_unit(Context& cx, const Request& rq);
Task<Response> post_unit_status(Context& cx, const Request& rq);
Task<Response> post_unit_adjustment(Context& cx, const Request& rq);
Task<Response> get_reorder_list(Context& cx, const Request& rq);
Task<Response> get_level_check(Context& cx, const Request& rq);
Task<Response> get_counts(Context& cx, const Request& rq);
Task<Response> post_count(Context& cx, const Request& rq);
Task<Response> get_count(Context& cx, const Request& rq);
Task<Response> put_count_line(Context& cx, const Request& rq);
Task<Response> post_count_post(Context& cx, const Request& rq);
Task<Response> post_count_cancel(Context& cx, const Request& rq);
}  // namespace helm::inventory
