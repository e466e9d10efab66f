// Every change to staff, for the API and the Settings screens alike: checked, then
// written with its audit event as one batch. The audit images never carry a PIN, its
// hash or its salt.
#include "audit/audit.hpp"
#include "auth/pin.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
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

audit::Change edit(std::string action, const StaffMember& before, const StaffMember& after, std::vector<Statement> also) {
    audit::Change change{{update_statement(after, before.version), expect_changes(1)},
                         {std::move(action), "staff", std::to_string(after.id), staff_json(before), staff_json(after)}};
    for (auto& s : also) change.statements.push_back(std::move(s));
    return change;
}

Error edited_meanwhile(std::int64_t id) {
    return {Code::conflict, "staff member " + std::to_string(id) + " was changed by someone else; reload", "version"};
}

Task<Status> check_role(Context& cx, const std::optional<std::string>& role) {
    if (!role) co_return Ok{};
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::role_exists, *role));
    if (found.rows.empty()) co_return invalid("role", "role must be one of the shop's roles");
    co_return Ok{};
}

// Writes `after` over `before` under a version check, as one audited batch.
// `also`: statements that belong to the same change (a new PIN's forgiven tries).
Task<Result<StaffMember>> save(Context& cx, std::string action, const StaffMember& before, StaffMember after,
                               std::vector<Statement> also = std::vector<Statement>()) {
    after.version = before.version + 1;
    after.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return edit(action, before, after, also); });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(before.id) : std::move(written).error();
    co_return after;
}

// The staff member's own answers, as the audit images record them: {"screen.reports": true}.
Task<Result<Json>> overrides_of(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto permissions, co_await effective_permissions(cx, id));
    Json out = Json::object();
    for (const auto& p : permissions)
        if (p.source == "staff") out[p.key] = p.allowed;
    co_return out;
}

audit::Change permission_change(std::int64_t id, std::vector<Statement> statements, Json before, Json after) {
    return {std::move(statements), {"staff.permissions", "staff", std::to_string(id), std::move(before), std::move(after)}};
}

Statement override_statement(std::int64_t id, const std::string& key, const Json& allowed) {
    if (allowed.is_null()) return {std::string(sql::clear_override), {id, key}};
    return {std::string(sql::set_override), {id, key, std::int64_t{allowed.get<bool>()}}};
}

}  // namespace

Task<Result<StaffMember>> create_staff(Context& cx, const StaffFields& fields) {
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
    co_return s;
}

Task<Result<StaffMember>> update_staff(Context& cx, std::int64_t id, const StaffFields& fields) {
    if (fields.pin) co_return invalid("pin", "a PIN is changed through PUT /api/staff/:id/pin");
    // Two owners editing one member: the second save names the version it saw and loses.
    if (!fields.version) co_return invalid("version", "version is required: the staff member's version as last read");
    if (!fields.display_name && !fields.role && !fields.disabled && !fields.idle_timeout_s)
        co_return invalid("body", "nothing to change: send display_name, role, disabled or idle_timeout_s");
    if (auto ok = check_edit(fields); !ok) co_return std::move(ok).error();
    if (auto ok = co_await check_role(cx, fields.role); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto before, co_await load_staff(cx, id));
    if (*fields.version != before.version) co_return edited_meanwhile(id);
    co_return co_await save(cx, "staff.update", before, apply(before, fields));
}

Task<Result<StaffMember>> reset_pin(Context& cx, std::int64_t id, std::string_view pin) {
    if (auto ok = check_pin(pin); !ok) co_return std::move(ok).error();
    HELM_CO_TRY(auto before, co_await load_staff(cx, id));
    HELM_CO_TRY(auto hashed, co_await hash_pin(cx, pin));
    StaffMember after = before;
    after.pin_hash = hashed.hash;
    after.pin_salt = hashed.salt;
    // A new PIN ends any lock on the old one (twenty wrong tries wait for exactly this).
    co_return co_await save(cx, "staff.pin_reset", before, after, std::vector<Statement>(1, auth::forgive_pin_tries(id)));
}

Task<Result<Json>> set_overrides(Context& cx, std::int64_t id, const Json& overrides) {
    if (!overrides.is_object()) co_return invalid("overrides", "overrides is an object of permission keys");
    if (overrides.empty()) co_return invalid("overrides", "nothing to change");
    for (const auto& [key, allowed] : overrides.items()) {
        if (!allowed.is_boolean() && !allowed.is_null()) co_return invalid(field_name(key), "a permission's answer must be true, false or null");
        HELM_CO_TRY(auto known, co_await cx.db.query(sql::permission_exists, key));
        if (known.rows.empty()) co_return invalid(field_name(key), "no permission has this key");
    }
    HELM_CO_TRY(auto member, co_await load_staff(cx, id));
    HELM_CO_TRY(auto before, co_await overrides_of(cx, id));
    Json after = before;
    std::vector<Statement> statements;
    for (const auto& [key, allowed] : overrides.items()) {
        statements.push_back(override_statement(id, key, allowed));
        if (allowed.is_null()) after.erase(key);
        else after[key] = allowed;
    }
    HELM_CO_TRY(auto written, co_await audit::commit(
                   cx, [&]() -> Task<Result<audit::Change>> { co_return permission_change(member.id, statements, before, after); }));
    co_return after;
}

Task<Status> reset_overrides(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto member, co_await load_staff(cx, id));
    HELM_CO_TRY(auto before, co_await overrides_of(cx, id));
    std::vector<Statement> statements(1, Statement{std::string(sql::clear_overrides), std::vector<Value>(1, Value(member.id))});
    HELM_CO_TRY(auto written, co_await audit::commit(
                   cx, [&]() -> Task<Result<audit::Change>> { co_return permission_change(member.id, statements, before, Json::object()); }));
    co_return Ok{};
}

}  // namespace helm::staff
