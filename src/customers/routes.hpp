#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::customers {
std::span<const Route> routes();
}
