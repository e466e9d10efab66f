#pragma once
#include "core/router.hpp"

namespace helm::identity {
Task<Response> shop_page(Context& cx, const Request& rq);
Task<Response> save_shop_from_form(Context& cx, const Request& rq);
Task<Response> get_shop_details(Context& cx, const Request& rq);
}  // namespace helm::identity
