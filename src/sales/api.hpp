#pragma once
#include "core/router.hpp"

namespace helm::sales {
Task<Response> post_quote(Context& cx, const Request& rq);
Task<Response> post_sale(Context& cx, const Request& rq);
Task<Response> get_sales(Context& cx, const Request& rq);
Task<Response> get_sale(Context& cx, const Request& rq);
Task<Response> post_void(Context& cx, const Request& rq);
Task<Response> get_register_settings(Context& cx, const Request& rq);
Task<Response> put_register_settings(Context& cx, const Request& rq);
Task<Response> get_registers(Context& cx, const Request& rq);
Task<Response> patch_register(Context& cx, const Request& rq);
}  // namespace helm::sales
