#pragma once
// The tender: payments taken until they cover the total, a manager's PIN where the sale
// needs one, then the completion (sales::complete) and the receipt.
#include "core/router.hpp"

namespace helm::sales {

Task<Response> tender_page(Context& cx, const Request& rq);       // GET  /register/tender
Task<Response> tender_from_form(Context& cx, const Request& rq);  // POST /register/tender

}  // namespace helm::sales
