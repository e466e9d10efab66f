// The staff API (/api/staff) and its Settings screens (/settings/staff), over the same
// writes (staff_writes.cpp). The answers never carry a PIN, its hash or its salt.
#include <array>

#include "core/fields.hpp"
#include "staff/recovery.hpp"
#include "staff/routes.hpp"
#include "staff/staff.hpp"
#include "staff/views/staff_pages.hpp"

namespace helm::staff {
namespace {

Task<Response> get_staff_list(Context& cx, const Request&) {
    HELM_CO_TRY(auto members, co_await list_staff(cx));
    co_return Response::json(200, {{"staff", json_array(members, staff_json)}});
}

Task<Response> post_staff(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    HELM_CO_TRY(auto s, co_await create_staff(cx, fields));
    co_return Response::json(201, {{"staff", staff_json(s)}});
}

Task<Response> get_staff(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(auto s, co_await load_staff(cx, id));
    HELM_CO_TRY(auto permissions, co_await effective_permissions(cx, id));
    Json list = Json::array();
    for (const auto& p : permissions) list.push_back(permission_json(p));
    co_return Response::json(200, {{"staff", staff_json(s)}, {"permissions", std::move(list)}});
}

Task<Response> patch_staff(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    HELM_CO_TRY(auto after, co_await update_staff(cx, id, fields));
    co_return Response::json(200, {{"staff", staff_json(after)}});
}

Task<Response> put_pin(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    if (!fields.pin) co_return invalid("pin", "a PIN is required");
    HELM_CO_TRY(auto saved, co_await reset_pin(cx, id, *fields.pin));
    co_return Response::json(200, {{"staff", staff_json(saved)}});
}

// {"overrides": {"screen.reports": true, "screen.sales": false, "screen.customers": null}}:
// true or false is the staff member's own answer; null returns that key to the role's.
Task<Response> put_permissions(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(std::ignore, JsonDocument::parse_body(rq.body, {"overrides"}));
    auto body = Json::parse(rq.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || body.size() != 1 || !body.contains("overrides") ||
        !body["overrides"].is_object())
        co_return invalid("overrides", "send {\"overrides\": {\"<permission key>\": true | false | null}}");
    HELM_CO_TRY(auto after, co_await set_overrides(cx, id, body["overrides"]));
    co_return Response::json(200, {{"overrides", after}});
}

// Back to the role's defaults: every override of this staff member goes.
Task<Response> reset_permissions(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(std::ignore, JsonDocument::parse_empty_body(rq.body));
    if (auto ok = co_await reset_overrides(cx, id); !ok) co_return std::move(ok).error();
    co_return Response::json(200, {{"overrides", Json::object()}});
}

}  // namespace

constexpr std::array table{
    Route{"POST", "/auth/recover", recover_owner, access::open},
    Route{"GET", "/api/staff", get_staff_list, "action.staff_manage"},
    Route{"POST", "/api/staff", post_staff, "action.staff_manage"},
    Route{"GET", "/api/staff/:id", get_staff, "action.staff_manage"},
    Route{"PATCH", "/api/staff/:id", patch_staff, "action.staff_manage"},
    Route{"PUT", "/api/staff/:id/pin", put_pin, "action.staff_manage"},
    Route{"PUT", "/api/staff/:id/permissions", put_permissions, "action.staff_manage"},
    Route{"DELETE", "/api/staff/:id/permissions", reset_permissions, "action.staff_manage"},
    Route{"GET", "/settings/staff", staff_list_page, "action.staff_manage"},
    Route{"POST", "/settings/staff", add_staff_from_form, "action.staff_manage"},
    Route{"GET", "/settings/staff/:id", staff_member_page, "action.staff_manage"},
    Route{"POST", "/settings/staff/:id", save_member_from_form, "action.staff_manage"},
    Route{"POST", "/settings/staff/:id/pin", reset_pin_from_form, "action.staff_manage"},
    Route{"POST", "/settings/staff/:id/permissions", save_permissions_from_form, "action.staff_manage"},
    Route{"POST", "/settings/staff/:id/permissions/reset", reset_permissions_from_form, "action.staff_manage"},
};

std::span<const Route> routes() { return table; }

}  // namespace helm::staff
