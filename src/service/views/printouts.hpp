#pragma once
// A ticket's printouts, each a page without the shell that prints alone: the hook tag (big
// type on a small label, for the bike) and the drop-off receipt (for the customer: never the
// internal notes).
#include "core/router.hpp"

namespace helm::service {

Task<Response> hook_tag_page(Context& cx, const Request& rq);         // GET /service/tickets/:id/tag
Task<Response> dropoff_receipt_page(Context& cx, const Request& rq);  // GET /service/tickets/:id/receipt

}  // namespace helm::service
