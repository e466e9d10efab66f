#pragma once
#include <span>

#include "core/router.hpp"

namespace helm::ops {
std::span<const Route> routes();
std::span<const Route> report_routes();  // the Reports screen (report_routes.cpp)
std::span<const Route> export_routes();  // Settings -> Data -> Export (export_routes.cpp)
std::span<const Route> settings_routes();  // Settings -> Backups and reports (settings_routes.cpp)
}
