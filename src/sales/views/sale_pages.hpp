#pragma once
#include "core/router.hpp"

namespace helm::sales {
// The day's documents, a number search, one document with its receipt and its void form,
// the printable receipt (views/sale_pages.cpp).
Task<Response> sales_page(Context& cx, const Request& rq);
Task<Response> sale_page(Context& cx, const Request& rq);
Task<Response> receipt_page(Context& cx, const Request& rq);
Task<Response> void_from_form(Context& cx, const Request& rq);
// Returns and exchanges against a receipt, and returns without one (views/sale_pages.cpp).
Task<Response> return_page(Context& cx, const Request& rq);
Task<Response> return_from_form(Context& cx, const Request& rq);
Task<Response> receiptless_return_page(Context& cx, const Request& rq);
Task<Response> receiptless_return_from_form(Context& cx, const Request& rq);
// Settings › Register (settings_form.cpp).
Task<Response> register_settings_page(Context& cx, const Request& rq);
Task<Response> save_register_settings_from_form(Context& cx, const Request& rq);
Task<Response> save_register_printing_from_form(Context& cx, const Request& rq);
}  // namespace helm::sales
