#pragma once
// The service department's screens (permission screen.service): the board, check-in, the
// ticket page with its printable hook tag and drop-off receipt, the mechanic's day and the
// bike's page. One route table, registered by the core beside the module's API.
#include <span>

#include "core/router.hpp"

namespace helm::service {

std::span<const Route> screen_routes();

}  // namespace helm::service
