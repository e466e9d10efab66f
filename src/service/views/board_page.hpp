#pragma once
// The service board (/service): open tickets in columns by status, due today and overdue
// marked, each card with its move form; a search by number, customer name or phone, or
// bike serial. The status move (POST /service/tickets/:id/status) lives here too: the
// board and the ticket page post the same form.
#include "core/router.hpp"

namespace helm::service {

Task<Response> board_page(Context& cx, const Request& rq);      // GET  /service?q=&moved=
Task<Response> move_from_form(Context& cx, const Request& rq);  // POST /service/tickets/:id/status: to, version, back, note

}  // namespace helm::service
