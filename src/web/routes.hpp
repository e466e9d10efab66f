#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::web {
std::span<const Route> routes();
}
