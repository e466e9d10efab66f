#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::inventory {
std::span<const Route> routes();
}
