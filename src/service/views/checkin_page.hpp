#pragma once
// Check-in (/service/new): find the customer by name, phone or a bike's frame serial, choose
// them, then their bike (or a new one added on the spot) and the ticket's fields, with the
// workshop's load beside the promised date. There is no walk-in: the ticket form shows only
// once a customer is chosen, and the server refuses a ticket without one.
#include "core/router.hpp"

namespace helm::service {

Task<Response> checkin_page(Context& cx, const Request& rq);       // GET  /service/new?q=&customer=&bike=
Task<Response> checkin_from_form(Context& cx, const Request& rq);  // POST /service/new

}  // namespace helm::service
