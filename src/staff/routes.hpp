#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::staff {
std::span<const Route> routes();
}
