#pragma once
#include "core/router.hpp"

namespace helm::sales {
Task<Response> drawer_page(Context& cx, const Request& rq);
Task<Response> open_drawer_from_form(Context& cx, const Request& rq);
Task<Response> movement_from_drawer_form(Context& cx, const Request& rq);
Task<Response> close_drawer_from_form(Context& cx, const Request& rq);
Task<Response> drawer_session_page(Context& cx, const Request& rq);
Task<Response> z_report_from_form(Context& cx, const Request& rq);
Task<Response> z_report_page(Context& cx, const Request& rq);
}  // namespace helm::sales
