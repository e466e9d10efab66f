#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::auth {

// /auth/sign-in, /auth/callback, /auth/signed-out, /auth/sign-out.
std::span<const Route> sign_in_routes();

}  // namespace helm::auth
