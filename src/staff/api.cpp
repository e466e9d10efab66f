// The staff API: /api/staff. Every change is audited; the audit images and the answers
// never carry a PIN, its hash or its salt.
#include <array>

#include "audit/audit.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "staff/recovery.hpp"
#include "staff/routes.hpp"
#include "staff/staff.hpp"
#include "staff/staff_sql.hpp"

namespace helm::staff {
namespace {

StaffMember apply(StaffMember s, const StaffFields& f) {
    if (f.display_name) s.display_name = *f.display_name;
    if (f.role) s.role = *f.role;
    if (f.disabled) s.disabled = *f.disabled;
    if (f.idle_timeout_s) s.idle_timeout_s = *f.idle_timeout_s;
    return s;
}

audit::Change creation(const StaffMember& s) {
    return {{insert_statement(s)}, {"staff.create", "staff", std::to_string(s.id), nullptr, staff_json(s)}};
}

audit::Change edit(std::string action, const StaffMember& before, const StaffMember& after) {
    return {{update_statement(after, before.version), expect_changes(1)},
            {std::move(action), "staff", std::to_string(after.id), staff_json(before), staff_json(after)}};
}

Error edited_meanwhile(std::int64_t id) {
    return {Code::conflict, "staff member " + std::to_string(id) + " was changed by someone else; reload", "version"};
}

Task<Status> check_role(Context& cx, const std::optional<std::string>& role) {
    if (!role) co_return Ok{};
    auto found = co_await cx.db.query(sql::role_exists, *role);
    if (!found) co_return std::move(found).error();
    if (found->rows.empty()) co_return invalid("role", "no role is called " + *role);
    co_return Ok{};
}

// Writes `after` over `before` under a version check, as one audited batch.
Task<Result<StaffMember>> save(Context& cx, std::string action, const StaffMember& before, StaffMember after) {
    after.version = before.version + 1;
    after.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return edit(action, before, after); });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(before.id) : std::move(written).error();
    co_return after;
}

Task<Response> get_staff_list(Context& cx, const Request&) {
    HELM_CO_TRY(auto members, co_await list_staff(cx));
    Json list = Json::array();
    for (const auto& s : members) list.push_back(staff_json(s));
    co_return Response::json(200, {{"staff", std::move(list)}});
}

Task<Response> post_staff(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    if (auto ok = check_new(fields); !ok) co_return std::move(ok).error();
    if (auto ok = co_await check_role(cx, fields.role); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto pin, co_await hash_pin(cx, *fields.pin));
    StaffMember s = apply(StaffMember{}, fields);
    s.pin_hash = pin.hash;
    s.pin_salt = pin.salt;
    s.version = 1;
    s.created_at_ms = s.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit_new(cx, sql::next_staff_id, [&s](std::int64_t id) {
        s.id = id;
        return creation(s);
    });
    if (!written) co_return std::move(written).error();
    co_return Response::json(201, {{"staff", staff_json(s)}});
}

Task<Response> get_staff(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(auto s, co_await load_staff(cx, id));
    auto permissions = co_await cx.db.query(sql::effective_permissions, id);
    if (!permissions) co_return std::move(permissions).error();
    Json list = Json::array();
    for (std::size_t i = 0; i < permissions->rows.size(); ++i) {
        Row p(*permissions, i);
        list.push_back({{"key", p.text("key")}, {"label", p.text("label")}, {"kind", p.text("kind")},
                        {"allowed", p.integer("allowed") != 0}, {"source", p.text("source")}});
    }
    co_return Response::json(200, {{"staff", staff_json(s)}, {"permissions", std::move(list)}});
}

Task<Response> patch_staff(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    if (fields.pin) co_return invalid("pin", "a PIN is changed through PUT /api/staff/:id/pin");
    if (!fields.display_name && !fields.role && !fields.disabled && !fields.idle_timeout_s)
        co_return invalid("body", "nothing to change: send display_name, role, disabled or idle_timeout_s");
    if (auto ok = check_edit(fields); !ok) co_return std::move(ok).error();
    if (auto ok = co_await check_role(cx, fields.role); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto before, co_await load_staff(cx, id));
    if (fields.version && *fields.version != before.version) co_return edited_meanwhile(id);
    HELM_CO_TRY(auto after, co_await save(cx, "staff.update", before, apply(before, fields)));
    co_return Response::json(200, {{"staff", staff_json(after)}});
}

Task<Response> put_pin(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(auto fields, fields_from_json(rq.body));
    if (!fields.pin) co_return invalid("pin", "a PIN is required");
    if (auto ok = check_pin(*fields.pin); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto before, co_await load_staff(cx, id));
    HELM_CO_TRY(auto pin, co_await hash_pin(cx, *fields.pin));
    StaffMember after = before;
    after.pin_hash = pin.hash;
    after.pin_salt = pin.salt;
    HELM_CO_TRY(auto saved, co_await save(cx, "staff.pin_reset", before, after));
    co_return Response::json(200, {{"staff", staff_json(saved)}});
}

// The staff member's own answers, as the audit images record them: {"screen.reports": true}.
Task<Result<Json>> overrides_of(Context& cx, std::int64_t id) {
    auto found = co_await cx.db.query(sql::effective_permissions, id);
    if (!found) co_return std::move(found).error();
    Json out = Json::object();
    for (std::size_t i = 0; i < found->rows.size(); ++i) {
        Row p(*found, i);
        if (p.text("source") == "staff") out[p.text("key")] = p.integer("allowed") != 0;
    }
    co_return out;
}

audit::Change permission_change(std::int64_t id, std::vector<Statement> statements, Json before, Json after) {
    return {std::move(statements), {"staff.permissions", "staff", std::to_string(id), std::move(before), std::move(after)}};
}

Statement override_statement(std::int64_t id, const std::string& key, const Json& allowed) {
    if (allowed.is_null()) return {std::string(sql::clear_override), {id, key}};
    return {std::string(sql::set_override), {id, key, std::int64_t{allowed.get<bool>()}}};
}

// {"overrides": {"screen.reports": true, "screen.sales": false, "screen.customers": null}}:
// true or false is the staff member's own answer; null returns that key to the role's.
Task<Response> put_permissions(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    auto body = Json::parse(rq.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || body.size() != 1 || !body.contains("overrides") ||
        !body["overrides"].is_object())
        co_return invalid("overrides", "send {\"overrides\": {\"<permission key>\": true | false | null}}");
    const Json& wanted = body["overrides"];
    if (wanted.empty()) co_return invalid("overrides", "nothing to change");
    for (const auto& [key, allowed] : wanted.items()) {
        if (!allowed.is_boolean() && !allowed.is_null()) co_return invalid(key, key + " must be true, false or null");
        auto known = co_await cx.db.query(sql::permission_exists, key);
        if (!known) co_return std::move(known).error();
        if (known->rows.empty()) co_return invalid(key, "no permission is called " + key);
    }
    HELM_CO_TRY(auto member, co_await load_staff(cx, id));
    HELM_CO_TRY(auto before, co_await overrides_of(cx, id));
    Json after = before;
    std::vector<Statement> statements;
    for (const auto& [key, allowed] : wanted.items()) {
        statements.push_back(override_statement(id, key, allowed));
        if (allowed.is_null()) after.erase(key);
        else after[key] = allowed;
    }
    auto written = co_await audit::commit(
        cx, [&]() -> Task<Result<audit::Change>> { co_return permission_change(member.id, statements, before, after); });
    if (!written) co_return std::move(written).error();
    co_return Response::json(200, {{"overrides", after}});
}

// Back to the role's defaults: every override of this staff member goes.
Task<Response> reset_permissions(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "staff"));
    HELM_CO_TRY(auto member, co_await load_staff(cx, id));
    HELM_CO_TRY(auto before, co_await overrides_of(cx, id));
    std::vector<Statement> statements(1, Statement{std::string(sql::clear_overrides), std::vector<Value>(1, Value(member.id))});
    auto written = co_await audit::commit(
        cx, [&]() -> Task<Result<audit::Change>> { co_return permission_change(member.id, statements, before, Json::object()); });
    if (!written) co_return std::move(written).error();
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
};

std::span<const Route> routes() { return table; }

}  // namespace helm::staff
