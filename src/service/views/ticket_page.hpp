#pragma once
// The ticket page (/service/tickets/:id): its lines, its status moves and the invoice first,
// its money and deposit and the customer's approval beside them, the ticket's fields (a
// folded form while it is open), its history and its messages. Read-only once invoiced,
// picked up or cancelled.
#include <optional>

#include "core/router.hpp"

namespace helm::service {

Task<Response> ticket_page(Context& cx, const Request& rq);                // GET  /service/tickets/:id?q=&done=
Task<Response> save_ticket_from_form(Context& cx, const Request& rq);      // POST /service/tickets/:id
Task<Response> approval_from_form(Context& cx, const Request& rq);         // POST /service/tickets/:id/approval
Task<Response> add_line_from_form(Context& cx, const Request& rq);         // POST /service/tickets/:id/lines
Task<Response> remove_line_from_form(Context& cx, const Request& rq);      // POST /service/tickets/:id/lines/remove: line_id, version
Task<Response> deposit_from_form(Context& cx, const Request& rq);          // POST /service/tickets/:id/deposit
Task<Response> invoice_from_form(Context& cx, const Request& rq);          // POST /service/tickets/:id/invoice

namespace screens {
// The ticket page with an error above its forms (a status move refused from it).
Task<Response> ticket_with_error(Context& cx, std::int64_t id, Error error);
}  // namespace screens

}  // namespace helm::service
