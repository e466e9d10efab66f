#pragma once
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm::staff {

// Settings -> Staff: the list with a form to add someone, and one member's page with
// their details, a PIN reset and their permissions. Each post answers 303 back to the
// member's page with a notice, or the page again with the form's error.
Task<Response> staff_list_page(Context& cx, const Request& rq);
Task<Response> add_staff_from_form(Context& cx, const Request& rq);
Task<Response> staff_member_page(Context& cx, const Request& rq);
Task<Response> save_member_from_form(Context& cx, const Request& rq);
Task<Response> reset_pin_from_form(Context& cx, const Request& rq);
Task<Response> save_permissions_from_form(Context& cx, const Request& rq);
Task<Response> reset_permissions_from_form(Context& cx, const Request& rq);

}  // namespace helm::staff
