#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::service {

// The service department's JSON API; its screens' routes are views/screens.hpp's.
std::span<const Route> routes();

}  // namespace helm::service
