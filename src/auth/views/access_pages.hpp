#pragma once
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm::auth {

// Settings -> Sign-in list, and Settings -> Devices: plain forms, one button per row.
Task<Response> allowlist_page(Context& cx, const Request& rq);
Task<Response> add_from_form(Context& cx, const Request& rq);
Task<Response> remove_from_form(Context& cx, const Request& rq);
Task<Response> devices_page(Context& cx, const Request& rq);
Task<Response> revoke_from_form(Context& cx, const Request& rq);

}  // namespace helm::auth
