#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::auth {

// Sign-in (OpenID Connect), the PIN pad, the allowlist and the device sessions.
std::span<const Route> routes();

}  // namespace helm::auth
