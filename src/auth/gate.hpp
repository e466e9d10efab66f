#pragma once
// The gate every request passes before its handler: who is asking (the device cookie,
// then the staff member signed in on that device by PIN) against what the route
// declares it needs (core/router.hpp's access). Nothing skips it: the only way past is a
// device session that the OpenID Connect sign-in created.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/task.hpp"

namespace helm::auth {

// The cookie holds 32 random bytes as hex, never data; D1 keeps only their SHA-256.
inline constexpr std::string_view device_cookie = "__Host-helm_device";
inline constexpr std::int64_t device_lifetime_ms = 30LL * 24 * 3600 * 1000;  // sliding
inline constexpr std::int64_t staff_session_cap_ms = 12LL * 3600 * 1000;     // whatever the idle time

// Fills cx.session and cx.actor, or answers why not: 401 "device" (sign in first),
// 401 "pin" (enter a PIN), 403 with the missing permission as the field, 403 "origin".
Task<Status> admit(Context& cx, const Request& rq, std::string_view needs);

// Whether a secret someone gave is the shop's. Compares digests, so that neither the
// secret's length nor the timing tells anything.
bool secret_matches(std::string_view given, std::string_view expected);

// The SHA-256 of a cookie token, as D1 keeps it.
std::string token_hash(std::string_view token);

}  // namespace helm::auth
