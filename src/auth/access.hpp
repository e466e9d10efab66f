#pragma once
// Who may sign in (the allowlist) and which devices are signed in, for Settings. Owners
// and Sys Admins hold action.access_manage; every change is audited.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/router.hpp"

namespace helm::auth {

struct AllowlistEntry {
    std::int64_t id = 0;
    std::string email;
    std::string issuer;  // empty until the first sign-in binds the entry
    std::int64_t added_at_ms = 0;
    std::optional<std::int64_t> bound_at_ms;
    std::int64_t devices = 0;  // signed-in devices
};

struct Device {
    std::int64_t id = 0;
    std::string email, user_agent, staff_name;
    std::int64_t created_at_ms = 0, seen_at_ms = 0, expires_at_ms = 0;
};

Task<Result<std::vector<AllowlistEntry>>> list_allowlist(Context& cx);
Task<Result<AllowlistEntry>> add_to_allowlist(Context& cx, std::string email);
Task<Status> remove_from_allowlist(Context& cx, std::int64_t id);
Task<Result<std::vector<Device>>> list_devices(Context& cx);
Task<Status> revoke_device(Context& cx, std::int64_t id);

// An owner's recovery: `email` may sign in again (rebinding to whichever account it has
// now) and its old devices are signed out. The caller audits it with the staff change.
std::vector<Statement> recover_allowlist_entry(const std::string& email, std::int64_t now);
// The address, trimmed and lower-cased, or a 400 naming "email".
Result<std::string> normalized_email(std::string_view text);

// /api/allowlist, /api/devices and their Settings screens.
std::span<const Route> access_routes();

}  // namespace helm::auth
