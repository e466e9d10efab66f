#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::audit {
std::span<const Route> routes();
}
