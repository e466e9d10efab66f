#pragma once
#include <string>

#include "catalog/product.hpp"
#include "core/router.hpp"

namespace helm::inventory {
Task<Response> stock_page(Context& cx, const Request& rq);
Task<Response> receive_from_form(Context& cx, const Request& rq);
Task<Response> adjust_from_form(Context& cx, const Request& rq);
Task<Response> start_count_from_form(Context& cx, const Request& rq);
Task<Response> count_page(Context& cx, const Request& rq);
Task<Response> count_line_from_form(Context& cx, const Request& rq);
Task<Response> post_count_from_form(Context& cx, const Request& rq);
Task<Response> unit_page(Context& cx, const Request& rq);
Task<Response> move_unit_from_form(Context& cx, const Request& rq);
Task<Response> adjust_unit_from_form(Context& cx, const Request& rq);
// The product page's stock sections: its serial units and latest movements (product_stock.cpp).
Task<Result<std::string>> product_stock_html(Context& cx, const catalog::Product& p);
}  // namespace helm::inventory
