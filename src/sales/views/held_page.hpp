#pragma once
// Held sales: the carts put aside at any register; each is resumed at this register or
// discarded (with a tick: sure).
#include "core/router.hpp"

namespace helm::sales {

Task<Response> held_page(Context& cx, const Request& rq);               // GET  /register/held
Task<Response> resume_from_form(Context& cx, const Request& rq);        // POST /register/held/:id/resume
Task<Response> discard_held_from_form(Context& cx, const Request& rq);  // POST /register/held/:id/discard

}  // namespace helm::sales
