#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::sales {
std::span<const Route> routes();
}
