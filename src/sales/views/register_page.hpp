#pragma once
// The register screen: the cart (scan, quantities, discounts, customer, note). Plain HTML
// forms over drafts.hpp and sales::quote; every form posts and redirects back to the
// register, whose search box takes the focus again. Held sales and the tender have their
// own screens (held_page.hpp, tender_page.hpp).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/router.hpp"

namespace helm::sales {

// A register's page: "/register", "/register?register=2&q=tube" (register 1 goes unsaid).
std::string register_path(std::int64_t register_id, std::string_view path = "/register", std::string query = {});

Task<Response> register_page(Context& cx, const Request& rq);           // GET  /register?register=&q=&unit_for=&customer_q=
Task<Response> scan_from_form(Context& cx, const Request& rq);          // POST /register/scan
Task<Response> quantity_from_form(Context& cx, const Request& rq);      // POST /register/lines/:no
Task<Response> remove_line_from_form(Context& cx, const Request& rq);   // POST /register/lines/:no/remove
Task<Response> line_price_from_form(Context& cx, const Request& rq);    // POST /register/lines/:no/price
Task<Response> customer_from_form(Context& cx, const Request& rq);      // POST /register/customer
Task<Response> sale_discount_from_form(Context& cx, const Request& rq); // POST /register/discount
Task<Response> note_from_form(Context& cx, const Request& rq);          // POST /register/note
Task<Response> hold_from_form(Context& cx, const Request& rq);          // POST /register/hold
Task<Response> discard_from_form(Context& cx, const Request& rq);       // POST /register/discard

}  // namespace helm::sales
