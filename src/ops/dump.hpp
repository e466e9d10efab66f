#pragma once
// The backup's SQL, written without I/O: which schema objects a dump creates and in what
// order, and the INSERT statements for rows handed to it. The file loads into an EMPTY
// database with `wrangler d1 execute DB --file` or `sqlite3`: tables first, then rows in
// foreign-key order, then indexes, views and triggers (a trigger that guards inserts,
// such as "sales are not edited" or "needs an open drawer", never sees a restored row),
// then the full-text indexes rebuilt from their tables. Every statement stays under D1's
// 100 KB limit.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/d1.hpp"
#include "core/result.hpp"

namespace helm::ops {

// What an export writes in place of a column it withholds (none: the column is kept).
// A PIN's hash and salt fall to a GPU in seconds, so only a backup keeps them (a restore
// needs them); an export writes a hash no PIN matches, so its dump still loads and the
// owner sets new PINs after restoring from it (docs/runbooks/restore.md).
std::optional<Value> withheld_from_export(std::string_view table, std::string_view column);

// D1 refuses a statement over 100 KB; leave room for the statement's own words.
inline constexpr std::size_t max_statement_bytes = 90'000;

std::string quote_identifier(std::string_view name);
// A value as SQL text that reads back as the same value and type.
std::string sql_literal(const Value& value);
// The statement with each ?N (or ?) written in as a literal: SQL for a file that
// `wrangler d1 execute --file` runs, where nothing can be bound.
Result<std::string> inline_parameters(const Statement& statement);

// One row of sqlite_schema.
struct SchemaObject {
    std::string type;  // table, index, view, trigger
    std::string name;
    std::string table;
    std::string sql;
};

// What the dump creates, in order, and which tables' rows it holds.
struct DumpPlan {
    std::vector<std::string> create_first;  // CREATE TABLE and CREATE VIRTUAL TABLE
    std::vector<std::string> row_tables;    // tables whose rows are dumped (FTS shadow tables never are)
    std::vector<std::string> without_rowid; // of row_tables: paged by primary key, not rowid
    std::vector<std::string> rebuilt;       // external-content FTS tables: rebuilt from their table
    std::vector<std::string> create_last;   // indexes, views, triggers
    std::vector<std::string> tables;        // every ordinary table, cron_runs too: the export's CSVs
};
// Skips SQLite's and D1's own objects (sqlite_%, _cf_%) and the shadow tables of virtual
// tables; d1_migrations is an ordinary table here, so migrations do not run again.
// cron_runs comes back empty: the backup is taken from inside a run that is still
// "running" in it, and a restored shop's jobs should run again in their periods anyway.
DumpPlan plan_dump(const std::vector<SchemaObject>& schema);

// Parents before children: `parents[t]` are the tables t's foreign keys name. A cycle
// (none today) keeps schema order; the dump defers foreign keys for it.
std::vector<std::string> dependency_order(const std::vector<std::string>& tables,
                                          const std::map<std::string, std::vector<std::string>>& parents);

// One table's rows as multi-row INSERTs of at most max_statement_bytes each. A single row
// too big for one statement goes in with its long text cut, then UPDATEs append the rest
// (`key_column` finds it again, "rowid" or its primary key, whose value is row[key_index]).
class InsertWriter {
public:
    InsertWriter(std::string_view table, std::vector<std::string> columns, std::string key_column, std::size_t key_index);
    // Appends finished statements to `out`.
    Status add(const std::vector<Value>& row, std::string& out);
    void finish(std::string& out);
    std::int64_t rows() const { return rows_; }

private:
    Status add_oversized(const std::vector<Value>& row, std::string& out);
    std::string table_;
    std::vector<std::string> columns_;
    std::string key_column_;
    std::size_t key_index_;
    std::string head_;     // INSERT INTO "t" ("a", "b") VALUES
    std::string pending_;  // the statement being filled
    std::int64_t rows_ = 0;
};

// The dump's first and last lines.
std::string dump_header(std::string_view shop, std::string_view taken_at, std::string_view local_date);
std::string dump_footer(std::int64_t tables, std::int64_t rows);

}  // namespace helm::ops
