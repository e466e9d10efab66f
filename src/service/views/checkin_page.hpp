#pragma once
// Check-in (/service/new): find the customer by name, phone or a bike's frame serial (or add
// a new one on the spot), choose them, then their bike (or a new one added on the spot) and
// the ticket's fields, with the workshop's load beside the promised date. There is no
// walk-in: the ticket form shows only once a customer is chosen, and the server refuses a
// ticket without one.
#include <string_view>

#include "core/router.hpp"

namespace helm::service {

Task<Response> checkin_page(Context& cx, const Request& rq);            // GET  /service/new?q=&customer=&bike=&added=
Task<Response> checkin_from_form(Context& cx, const Request& rq);       // POST /service/new
Task<Response> new_customer_from_form(Context& cx, const Request& rq);  // POST /service/new/customer: 303 to check-in with them chosen

// Adding a customer from check-in needs what adding one on the customers' page needs
// (customers/routes.cpp, POST /customers): the route declares it, the gate checks it.
inline constexpr std::string_view add_customer_permission = "screen.customers";

}  // namespace helm::service
