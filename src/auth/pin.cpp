#include "auth/pin.hpp"

#include <algorithm>

#include "audit/audit.hpp"
#include "auth/auth_sql.hpp"
#include "auth/views/pin_page.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "core/time.hpp"

namespace helm::auth {
namespace {

constexpr std::int64_t tries_per_minute = 5;
constexpr std::int64_t tries_before_owner = 20;  // four locks: a day's worth of guessing

Error locked_until(const Context& cx, std::int64_t until_ms) {
    return {Code::too_many_attempts, "too many wrong PINs: locked until " + local_date_time(cx.shop.timezone, until_ms) + " (5 minutes)", "pin"};
}

Error locked_for_owner() {
    return {Code::too_many_attempts,
            "too many wrong PINs: this PIN is locked until the owner sets a new one (Settings › Staff)", "pin"};
}

// Why the reservation was refused, as the lock state says.
Error refusal(const Context& cx, const Row& state) {
    if (state.integer("needs_owner") != 0) return locked_for_owner();
    return locked_until(cx, state.integer("locked_until_ms"));
}

Task<Result<std::int64_t>> reserve_try(Context& cx, std::int64_t staff_id) {
    const std::int64_t now = cx.now_ms();
    std::vector<Statement> statements;
    statements.push_back({std::string(sql::reserve_pin_try), {staff_id, cx.session->device_id, now, tries_before_owner}});
    statements.push_back(expect_changes(1));
    auto reserved = co_await cx.db.batch(std::move(statements));
    if (reserved) co_return (*reserved)[0].meta.last_row_id;
    if (!is_unmet_expectation(reserved.error())) co_return std::move(reserved).error();
    HELM_CO_TRY(auto state, co_await cx.db.query(sql::lock_state, staff_id, now, tries_before_owner));
    co_return refusal(cx, Row(state, 0));
}

audit::Change pin_sign_in(std::int64_t try_id, const Session& device, const PinHolder& s, std::int64_t now) {
    return {{{std::string(sql::pin_try_right), {try_id}},
             forgive_pin_tries(s.id),
             {std::string(sql::staff_signed_in), {device.device_id, s.id, now}}},
            {"staff.sign_in", "staff", std::to_string(s.id), nullptr,
             Json{{"display_name", s.display_name}, {"device_session_id", device.device_id}, {"device_email", device.device_email}}}};
}

// A wrong PIN, audited with the device it came from (the owner sees who is guessing):
// staff.pin_wrong, or staff.pin_locked when it locked the PIN for 5 minutes or until the
// owner acts (the home screen says so: pin_problems).
Task<Error> wrong_pin(Context& cx, const PinHolder& s) {
    const std::int64_t now = cx.now_ms();
    HELM_CO_TRY(auto state, co_await cx.db.query(sql::lock_state, s.id, now, tries_before_owner));
    const Row row(state, 0);
    const bool for_owner = row.integer("needs_owner") != 0, locked = for_owner || row.integer("locked") != 0;
    Json after;
    after["device_session_id"] = cx.session->device_id;
    after["device_email"] = cx.session->device_email;
    after["unproven_tries"] = row.integer("unproven");
    if (locked) after["locked_until_ms"] = for_owner ? Json(nullptr) : Json(row.integer("locked_until_ms"));
    const std::string action = locked ? "staff.pin_locked" : "staff.pin_wrong";
    auto logged = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return audit::Change{std::vector<Statement>(), {action, "staff", std::to_string(s.id), nullptr, after}};
    });
    if (!logged) co_return std::move(logged).error();
    if (locked) co_return refusal(cx, row);
    const std::int64_t left = std::min(tries_per_minute - row.integer("recent"), tries_before_owner - row.integer("unproven"));
    co_return Error{Code::unauthenticated, "wrong PIN; " + std::to_string(left) + (left == 1 ? " try" : " tries") + " left", "pin"};
}

}  // namespace

Statement forgive_pin_tries(std::int64_t staff_id) { return {std::string(sql::forgive_tries), {staff_id}}; }

Task<Result<std::vector<std::string>>> pin_problems(Context& cx) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::pin_trouble));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        const std::int64_t unproven = row.integer("unproven");
        std::string line = row.text("display_name") + ": " + std::to_string(unproven) + " wrong PINs since their last right one, the last at " +
                           local_date_time(cx.shop.timezone, row.integer("last_at_ms")) + " (the Audit screen names the devices).";
        if (unproven >= tries_before_owner) line += " The PIN is locked until the owner sets a new one under Settings › Staff.";
        out.push_back(std::move(line));
    }
    co_return out;
}

// A right PIN and the try it used. Named, not in an anonymous namespace: clang 14 wants a
// Wasm tail call for a Task<T> whose T has internal linkage (docs/architecture.md).
struct RightPin {
    PinHolder member;
    std::int64_t try_id = 0;
};

// The PIN checked against the lock: each try is reserved in D1 before it is checked.
Task<Result<RightPin>> check_pin(Context& cx, std::int64_t staff_id, std::string_view pin) {
    if (pin.size() != 5 || pin.find_first_not_of("0123456789") != std::string_view::npos)
        co_return invalid("pin", "a PIN is five digits");
    auto member = co_await pin_holder(cx, staff_id);
    if (!member || member->disabled) co_return Error{Code::not_found, "no active staff member has that id", "staff_id"};
    HELM_CO_TRY(auto try_id, co_await reserve_try(cx, staff_id));
    HELM_CO_TRY(auto right, co_await pin_matches(cx, pin, *member));
    if (!right) co_return co_await wrong_pin(cx, *member);
    co_return RightPin{std::move(*member), try_id};
}

Task<Result<std::int64_t>> approve_with_pin(Context& cx, std::int64_t staff_id, std::string_view pin, std::string_view permission) {
    HELM_CO_TRY(auto right, co_await check_pin(cx, staff_id, pin));
    std::vector<Statement> settle{{std::string(sql::pin_try_right), {right.try_id}}, forgive_pin_tries(staff_id)};
    HELM_CO_TRY(auto settled, co_await cx.db.batch(std::move(settle)));
    HELM_CO_TRY(auto may, co_await holder_may(cx, staff_id, permission));
    if (may) co_return staff_id;
    co_return Error{Code::permission_denied, right.member.display_name + " may not approve this (" + std::string(permission) + ")", "approval"};
}

Task<Status> sign_in_with_pin(Context& cx, std::int64_t staff_id, std::string_view pin) {
    HELM_CO_TRY(auto right, co_await check_pin(cx, staff_id, pin));
    const std::int64_t try_id = right.try_id;
    const std::int64_t now = cx.now_ms();
    const PinHolder& s = right.member;
    HELM_CO_TRY(auto written, co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return pin_sign_in(try_id, *cx.session, s, now); }));
    co_return Ok{};
}

namespace {

Task<Response> post_pin_json(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto doc, JsonDocument::parse_body(rq.body, {"staff_id", "pin"}));
    const auto body = doc.object();
    HELM_CO_TRY(auto staff_id, json_id(body, "staff_id"));
    HELM_CO_TRY(auto pin, json_text(body, "pin"));
    if (auto ok = co_await sign_in_with_pin(cx, staff_id, pin); !ok) co_return std::move(ok).error();
    co_return Response::json(200, {{"staff_id", staff_id}});
}

Task<Status> end_staff_session(Context& cx) {
    HELM_CO_TRY(auto ended, co_await cx.db.query(sql::staff_signed_out, cx.session->device_id));
    co_return Ok{};
}

Task<Response> post_pin_sign_out_json(Context& cx, const Request& rq) {
    HELM_CO_TRY(std::ignore, JsonDocument::parse_empty_body(rq.body));
    if (auto ended = co_await end_staff_session(cx); !ended) co_return std::move(ended).error();
    co_return Response::json(200, {{"signed_out", true}});
}

Task<Response> post_pin_sign_out_form(Context& cx, const Request&) {
    if (auto ended = co_await end_staff_session(cx); !ended) co_return std::move(ended).error();
    co_return Response::redirect("/pin");
}

// Who this device is, who is signed in on it, and what they may do.
Task<Response> get_session(Context& cx, const Request&) {
    const Session& s = *cx.session;
    Json body = {{"device", {{"id", s.device_id}, {"email", s.device_email}}}, {"staff", nullptr}};
    if (s.has_staff())
        body["staff"] = {{"id", s.staff_id}, {"display_name", s.staff_name}, {"role", s.role},
                         {"idle_timeout_s", s.idle_timeout_s}, {"permissions", s.permissions}};
    co_return Response::json(200, body);
}

}  // namespace

std::span<const Route> pin_routes() {
    static constexpr std::array table{
        Route{"GET", "/pin", pin_page, access::device},
        Route{"POST", "/pin", pin_from_form, access::device},
        Route{"POST", "/pin/sign-out", post_pin_sign_out_form, access::device},
        Route{"POST", "/api/pin", post_pin_json, access::device},
        Route{"POST", "/api/pin/sign-out", post_pin_sign_out_json, access::device},
        Route{"GET", "/api/session", get_session, access::device},
    };
    return table;
}

}  // namespace helm::auth
