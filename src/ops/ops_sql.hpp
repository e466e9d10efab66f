#pragma once
#include <string_view>

namespace helm::ops::sql {

// wrangler's own bookkeeping table; the native harness writes the same one.
constexpr std::string_view latest_migration = "SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1";

}  // namespace helm::ops::sql
