#pragma once
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm::auth {

// The PIN pad: who is at the counter, and their PIN. A plain form; /static/shell.js adds
// the on-screen keys and brings the pad back when a staff session runs idle.
Task<Response> pin_page(Context& cx, const Request& rq);
Task<Response> pin_from_form(Context& cx, const Request& rq);

}  // namespace helm::auth
