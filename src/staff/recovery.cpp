#include "staff/recovery.hpp"

#include "audit/audit.hpp"
#include "auth/access.hpp"
#include "auth/gate.hpp"
#include "auth/pin.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "staff/staff.hpp"
#include "staff/staff_sql.hpp"

namespace helm::staff {
namespace {

constexpr std::size_t min_secret_length = 32;

struct Recovery {
    std::string secret, email, display_name, pin;
};

Result<Recovery> recovery_from_json(std::string_view text) {
    HELM_TRY(auto doc, JsonDocument::parse_body(text, {"secret", "email", "display_name", "pin"}));
    const auto body = doc.object();
    Recovery r;
    HELM_TRY(r.secret, json_text(body, "secret"));
    HELM_TRY(auto email, json_text(body, "email"));
    HELM_TRY(r.email, auth::normalized_email(email));
    HELM_TRY(r.display_name, json_text(body, "display_name"));
    if (auto ok = check_text("display_name", r.display_name, 80); !ok) return std::move(ok).error();
    HELM_TRY(r.pin, json_text(body, "pin"));
    if (auto ok = check_pin(r.pin); !ok) return std::move(ok).error();
    return r;
}

audit::Change recovery_change(std::optional<StaffMember> before, StaffMember after, const Recovery& r, std::int64_t now) {
    audit::Change change;
    if (before) {
        change.statements.push_back(update_statement(after, before->version));
        change.statements.push_back(expect_changes(1));
    } else {
        change.statements.push_back(insert_statement(after));
    }
    change.statements.push_back(auth::forgive_pin_tries(after.id));
    for (auto& s : auth::recover_allowlist_entry(r.email, now)) change.statements.push_back(std::move(s));
    Json image = staff_json(after);
    image["allowlisted_email"] = r.email;
    change.event = {"staff.recovery", "staff", std::to_string(after.id), before ? staff_json(*before) : Json(nullptr), std::move(image)};
    return change;
}

// The named owner with a new PIN and enabled again, or a new owner of that name.
Task<Result<audit::Change>> plan_recovery(Context& cx, const Recovery& r, const PinHash& pin, std::int64_t now, std::int64_t& staff_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::owner_by_name, r.display_name));
    std::optional<StaffMember> before;
    StaffMember after;
    if (!found.rows.empty()) {
        HELM_CO_TRY(auto existing, co_await load_staff(cx, Row(found, 0).integer("id")));
        before = existing;
        after = existing;
        after.version = existing.version + 1;
    } else {
        HELM_CO_TRY(auto next, co_await cx.db.query(sql::next_staff_id));
        after.id = Row(next, 0).integer("id");
        after.display_name = r.display_name;
        after.role = "owner";
        after.version = 1;
        after.created_at_ms = now;
    }
    after.pin_hash = pin.hash;
    after.pin_salt = pin.salt;
    after.disabled = false;
    after.updated_at_ms = now;
    staff_id = after.id;
    co_return recovery_change(std::move(before), std::move(after), r, now);
}

}  // namespace

Task<Response> recover_owner(Context& cx, const Request& rq) {
    if (cx.shop.recovery_secret.size() < min_secret_length)
        co_return Error{Code::failed_precondition,
                        "recovery is not set up for this shop: set HELM_RECOVERY_SECRET (32 characters or more) with wrangler secret put",
                        "secret"};
    HELM_CO_TRY(auto r, recovery_from_json(rq.body));
    if (!auth::secret_matches(r.secret, cx.shop.recovery_secret)) {
        platform::log_line(to_text({{"type", "security"}, {"event", "recovery_refused"}, {"request_id", cx.request_id}}));
        co_return Error{Code::unauthenticated, "that is not this shop's recovery secret", "secret"};
    }
    HELM_CO_TRY(auto pin, co_await hash_pin(cx, r.pin));
    const std::int64_t now = cx.now_ms();
    cx.actor = "recovery";
    std::int64_t staff_id = 0;
    HELM_CO_TRY(auto written, co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return co_await plan_recovery(cx, r, pin, now, staff_id); }));
    co_return Response::json(200, {{"staff_id", staff_id}, {"display_name", r.display_name}, {"email", r.email}});
}

}  // namespace helm::staff
