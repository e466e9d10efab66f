#pragma once
// The daily backup: the whole D1 as plain SQL (ops/dump.hpp), gzipped by the R2 port
// into backups/daily/<shop-local date>.sql.gz, read a page at a time and written a chunk
// at a time, so that no shop's database is ever held whole in the Worker's memory.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/task.hpp"
#include "ops/schedule.hpp"

namespace helm::ops {

inline constexpr std::string_view backup_prefix = "backups/daily/";
std::string backup_key(std::string_view local_date);

struct BackupReport {
    std::string key;
    std::int64_t tables = 0;
    std::int64_t rows = 0;
    std::int64_t sql_bytes = 0;     // the dump as SQL
    std::int64_t stored_bytes = 0;  // gzipped, in R2
};
Task<Result<BackupReport>> back_up(Context& cx, std::string_view local_date);

// Every key under `prefix` in the shop's R2, page after page.
Task<Result<std::vector<std::string>>> object_keys(Context& cx, std::string prefix);

// Deletes the dated backups retention lets go; answers how many.
Task<Result<std::int64_t>> prune_backups(Context& cx, const Retention& keep);

}  // namespace helm::ops
