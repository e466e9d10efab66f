#pragma once
#include "core/html.hpp"
#include "core/router.hpp"
#include "customers/customers.hpp"

namespace helm::customers {
Task<Response> customers_page(Context& cx, const Request& rq);
Task<Response> add_customer_from_form(Context& cx, const Request& rq);
Task<Response> customer_page(Context& cx, const Request& rq);
Task<Response> save_customer_from_form(Context& cx, const Request& rq);
Task<Response> add_bike_from_form(Context& cx, const Request& rq);
Task<Response> merge_from_form(Context& cx, const Request& rq);
Task<Response> erase_from_form(Context& cx, const Request& rq);
// A customer's facts (facts_about) under their groups' headings: the customer's page and
// the register's customer panel show them alike.
void facts_list(Html& h, const std::vector<Fact>& facts, std::string_view id);
}  // namespace helm::customers
