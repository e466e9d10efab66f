#pragma once
// The daily backup: the whole D1 as plain SQL (ops/dump.hpp), gzipped by the R2 port
// into backups/daily/<shop-local date>.sql.gz, read a page at a time and written a chunk
// at a time, so that no shop's database is ever held whole in the Worker's memory.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/context.hpp"
#include "core/task.hpp"
#include "ops/dump.hpp"
#include "ops/schedule.hpp"

namespace helm::ops {

inline constexpr std::string_view backup_prefix = "backups/daily/";
std::string backup_key(std::string_view local_date);

// The shop's schema as sqlite_schema holds it, in creation order.
Task<Result<std::vector<SchemaObject>>> read_schema(Context& cx);

// How one table is read: its columns ("rowid" first when the table has no alias for it),
// the key a page follows (rowid, or the primary key of a WITHOUT ROWID table) and the
// tables its foreign keys name.
struct TableShape {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::string> declared;  // each column's type as declared, NOT NULL, PRIMARY KEY
    bool added_rowid = false;           // columns[0] is the hidden rowid
    std::string key_column = "rowid";
    std::size_t key_index = 0;
    bool without_rowid = false;
    std::vector<std::string> parents;
    std::string select;  // the page's SELECT
};
Task<Result<TableShape>> table_shape(Context& cx, const std::string& table, bool without_rowid);

// Whether secrets stay in what is read: a backup keeps them, an export withholds them
// (withheld_from_export).
enum class Secrets { kept, withheld };

// A table a page at a time in key order: the backup and the export never hold a table whole.
class TablePages {
public:
    explicit TablePages(const TableShape& shape, Secrets secrets = Secrets::kept);
    // The next page's rows, values in shape.columns order; empty once the table is read.
    Task<Result<std::vector<std::vector<Value>>>> next(Context& cx);

private:
    const TableShape& shape_;
    std::vector<std::pair<std::size_t, Value>> withheld_;  // column index, what is written instead
    Value after_ = std::int64_t{-9'007'199'254'740'991};  // below any rowid a JS number can carry
    std::int64_t offset_ = 0;
    bool done_ = false;
};

// The dump (ops/dump.hpp) written into an open R2 stream, a chunk at a time: the backup
// gzips it, the export stores it plain inside its archive.
struct DumpReport {
    std::int64_t tables = 0;
    std::int64_t rows = 0;
    std::int64_t sql_bytes = 0;
};
Task<Result<DumpReport>> write_dump(Context& cx, const std::string& stream, std::string_view local_date,
                                    Secrets secrets = Secrets::kept);

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
