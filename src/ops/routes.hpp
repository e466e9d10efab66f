#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::ops {
std::span<const Route> routes();
}
