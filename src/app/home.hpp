#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::app {
// GET / (the home screen) and GET /settings (home.cpp).
std::span<const Route> home_routes();
}  // namespace helm::app
