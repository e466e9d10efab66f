#pragma once
// Staff members, their roles and PINs. A PIN is five digits, stored only as
// PBKDF2-SHA256 (100,000 iterations, a 16-byte random salt per staff member), computed
// by the crypto port: WebCrypto in the Worker, OpenSSL natively, the same bytes either way.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bindings/d1.hpp"
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/task.hpp"

namespace helm::staff {

constexpr std::int64_t pin_iterations = 100'000;

struct StaffMember {
    std::int64_t id = 0;
    std::string display_name;
    std::string role;
    std::string pin_hash;  // hex
    std::string pin_salt;  // hex
    std::int64_t pin_iterations = staff::pin_iterations;
    std::optional<std::int64_t> idle_timeout_s;  // none: the role's or the shop's default
    bool disabled = false;
    std::int64_t version = 0;
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

// What a create or an edit may set; absent means unchanged.
struct StaffFields {
    std::optional<std::string> display_name;
    std::optional<std::string> role;
    std::optional<std::string> pin;
    std::optional<bool> disabled;
    std::optional<std::optional<std::int64_t>> idle_timeout_s;
    std::optional<std::int64_t> version;
};


Result<StaffFields> fields_from_json(std::string_view body);
// The same fields from a Settings form: idle_timeout_s blank means the default, and
// disabled is "1" or "0" (the form sends a hidden 0 before the checkbox's 1).
Result<StaffFields> fields_from_form(const Form& form);
Status check_new(const StaffFields& f);
Status check_edit(const StaffFields& f);
// Five digits, and not one a thief tries first (one digit repeated, a straight run).
Status check_pin(std::string_view pin);

StaffMember staff_from_row(const Row& row);
// The row as written; an update applies only while the row still has expected_version
// (follow it with expect_changes(1)).
Statement insert_statement(const StaffMember& s);
Statement update_statement(const StaffMember& after, std::int64_t expected_version);
Task<Result<StaffMember>> load_staff(Context& cx, std::int64_t id);  // 404 naming "id" when absent
Task<Result<std::vector<StaffMember>>> list_staff(Context& cx);      // enabled first, by name
// What the API shows and the audit log keeps: never the PIN's hash or salt.
Json staff_json(const StaffMember& s);

// A role as the screens offer it, by rank, with the idle time its staff get by default
// (the role's own, else the shop's).
struct Role {
    std::string key, name;
    std::int64_t idle_timeout_s = 0;
};
Task<Result<std::vector<Role>>> list_roles(Context& cx);

// One permission as it stands for one staff member: their own answer (source "staff")
// or else their role's (source "role"); role_allows is the role's answer either way.
struct Permission {
    std::string key, label, kind;  // kind: "screen" or "action"
    bool allowed = false;
    std::string source;
    bool role_allows = false;
};
// Screens first, then actions, each by key.
Task<Result<std::vector<Permission>>> effective_permissions(Context& cx, std::int64_t id);
Json permission_json(const Permission& p);

// The writes, shared by the JSON API and the Settings screens (staff_writes.cpp). Each
// checks its input, is one audited batch, and answers what it wrote.
Task<Result<StaffMember>> create_staff(Context& cx, const StaffFields& fields);
// Refused without fields.version, with a conflict when it is not the stored one, or
// when someone else saved the member between the read and the write.
Task<Result<StaffMember>> update_staff(Context& cx, std::int64_t id, const StaffFields& fields);
Task<Result<StaffMember>> reset_pin(Context& cx, std::int64_t id, std::string_view pin);
// {"screen.reports": true, "screen.sales": false, "screen.customers": null}: true or false
// is the staff member's own answer; null returns that key to the role's. Answers all of
// the member's own answers after the change.
Task<Result<Json>> set_overrides(Context& cx, std::int64_t id, const Json& overrides);
// Back to the role's defaults: every own answer of this staff member goes.
Task<Status> reset_overrides(Context& cx, std::int64_t id);

struct PinHash {
    std::string hash, salt;
};
// A fresh random salt unless one is given (to check a PIN against a stored hash).
Task<Result<PinHash>> hash_pin(Context& cx, std::string_view pin, std::string salt_hex = {});
Task<Result<bool>> pin_matches(Context& cx, std::string_view pin, const StaffMember& s);

}  // namespace helm::staff
