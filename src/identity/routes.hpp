#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::identity {
std::span<const Route> routes();
}
