#pragma once
// The shop owner's data export: one .tar.gz in the shop's R2 at
// exports/<shop-local date>-<time><id>.tar.gz holding
//   helm-export/dump.sql          the backup's SQL (ops/dump.hpp), loads into an empty D1 or sqlite3
//   helm-export/csv/<table>.csv   every table, a header row then every row
//   helm-export/r2/<key>          every R2 object of the shop except exports/
//   helm-export/SCHEMA.md         each table's columns and types
//   helm-export/RESTORE.md        how to load dump.sql again
//
// Memory stays bounded however big the shop is. A tar header states its member's size
// before the bytes, so the dump and each CSV are first streamed (a page of rows at a
// time) into plain scratch objects under exports/.work-<name>/, whose stored sizes R2
// then reports. The archive is one gzip stream into R2: the core writes each header and
// padding, and the R2 port copies the member's bytes (scratch file or the shop's own
// object, sizes from the listing) piece by piece without them entering the core. The
// scratch objects are deleted at the end, and on failure with the half-written archive.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/values.hpp"
#include "core/context.hpp"
#include "core/csv.hpp"
#include "core/task.hpp"
#include "ops/backup.hpp"

namespace helm::ops {

inline constexpr std::string_view export_prefix = "exports/";

struct ExportReport {
    std::string key;
    std::int64_t bytes = 0;    // the .tar.gz as stored
    std::int64_t members = 0;  // files in the archive
    std::int64_t tables = 0;
    std::int64_t rows = 0;     // rows in dump.sql
    std::int64_t r2_objects = 0;
};
// Builds one export and records it in the audit log ("data.export": key and sizes only).
Task<Result<ExportReport>> export_shop(Context& cx);

struct ExportFile {
    std::string key;
    std::string name;  // the key without exports/
    std::int64_t bytes = 0;
};
// The shop's finished exports, newest first.
Task<Result<std::vector<ExportFile>>> list_exports(Context& cx);
// When an export started, shop-local, as its name begins: "2026-11-23-0930".
std::string export_stamp(std::string_view timezone, std::int64_t epoch_ms);
// Whether the finished export at `key` started at or before `stamp` (an export_stamp).
bool export_started_by(std::string_view key, std::string_view stamp);
// Deletes every finished export that started at or before `stamp`: one that old holds
// what was true then (a customer since erased, say), or is past the owner's retention
// (Retention::export_days). Answers how many went.
Task<Result<std::int64_t>> remove_exports_up_to(Context& cx, const std::string& stamp);

// A finished export's key: exports/<name>.tar.gz with a plain name, never a scratch file
// nor a path that leaves exports/.
bool is_export_key(std::string_view key);

// A value as a CSV cell: NULL empty, numbers as SQLite prints them, BLOBs as hex, text
// guarded against spreadsheet formulas (csv::Cell).
csv::Cell csv_field(const Value& value);
// SCHEMA.md: every exported table with its columns, declared types and keys.
std::string schema_markdown(std::string_view shop, const std::vector<TableShape>& tables,
                            const std::vector<SchemaObject>& schema);
// RESTORE.md: how to load dump.sql into a new D1 or a sqlite3 file.
std::string restore_markdown(std::string_view shop);

}  // namespace helm::ops
