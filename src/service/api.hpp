#pragma once
// The service department's JSON API (routes.cpp lists it).
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm::service {

Task<Response> get_work_orders(Context& cx, const Request& rq);
Task<Response> post_work_order(Context& cx, const Request& rq);
Task<Response> get_work_order(Context& cx, const Request& rq);
Task<Response> patch_work_order(Context& cx, const Request& rq);
Task<Response> post_line(Context& cx, const Request& rq);
Task<Response> delete_line(Context& cx, const Request& rq);
Task<Response> post_status(Context& cx, const Request& rq);
Task<Response> post_invoice(Context& cx, const Request& rq);
Task<Response> post_deposit(Context& cx, const Request& rq);
Task<Response> get_mechanic_day(Context& cx, const Request& rq);
Task<Response> get_workshop_load(Context& cx, const Request& rq);

}  // namespace helm::service
