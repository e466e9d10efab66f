#pragma once
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm::auth {

// The page a browser sees when sign-in did not let it in: why, and nothing of the shop.
Response sign_in_refused(const Context& cx, const Error& why);
Task<Response> signed_out_page(Context& cx, const Request& rq);

}  // namespace helm::auth
