#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::catalog {
std::span<const Route> routes();
}
