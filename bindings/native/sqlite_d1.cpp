// D1, natively: the same SQL on real SQLite. Rows come back typed as SQLite stores them;
// meta.rows_read counts the rows returned and meta.rows_written the rows changed, which
// is close to, not the same as, D1's billing counters; meta.size_after is the file's
// pages, as D1 reports its database's size.
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "bindings/native/native.hpp"

namespace helm::native {
namespace {

Error sqlite_error(sqlite3* db) {
    std::string message = sqlite3_errmsg(db);
    // D1 reports constraint failures as "...: SQLITE_CONSTRAINT"; say it the same way.
    if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CONSTRAINT) message += ": SQLITE_CONSTRAINT";
    return error_from_sql_message(message);
}

Status bind(sqlite3* db, sqlite3_stmt* st, const std::vector<Value>& params) {
    // D1 refuses a statement whose parameters and placeholders differ in number; so must the twin.
    if (int(params.size()) != sqlite3_bind_parameter_count(st))
        return error_from_sql_message("Wrong number of parameter bindings for SQL query.");
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int at = int(i) + 1;
        const Value& v = params[i];
        int rc = SQLITE_OK;
        if (std::holds_alternative<std::nullptr_t>(v)) rc = sqlite3_bind_null(st, at);
        else if (auto* n = std::get_if<std::int64_t>(&v)) rc = sqlite3_bind_int64(st, at, *n);
        else if (auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(st, at, *d);
        else if (auto* s = std::get_if<std::string>(&v)) rc = sqlite3_bind_text(st, at, s->data(), int(s->size()), SQLITE_TRANSIENT);
        else if (auto* b = std::get_if<Blob>(&v)) rc = sqlite3_bind_blob(st, at, b->data(), int(b->size()), SQLITE_TRANSIENT);
        if (rc != SQLITE_OK) return sqlite_error(db);
    }
    return Ok{};
}

Value column_value(sqlite3_stmt* st, int i) {
    switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER: return std::int64_t(sqlite3_column_int64(st, i));
        case SQLITE_FLOAT: return sqlite3_column_double(st, i);
        case SQLITE_TEXT:
            return std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, i)), sqlite3_column_bytes(st, i));
        case SQLITE_BLOB: {
            auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(st, i));
            return Blob(p, p + sqlite3_column_bytes(st, i));
        }
        default: return nullptr;
    }
}

struct StatementHandle {
    sqlite3_stmt* st = nullptr;
    ~StatementHandle() { sqlite3_finalize(st); }
};

std::int64_t database_bytes(sqlite3* db) {
    StatementHandle h;
    if (sqlite3_prepare_v2(db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", -1, &h.st, nullptr) !=
            SQLITE_OK ||
        sqlite3_step(h.st) != SQLITE_ROW)
        return 0;
    return sqlite3_column_int64(h.st, 0);
}

}  // namespace

Result<std::unique_ptr<SqliteD1>> SqliteD1::open(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        Error e{Code::unavailable, std::string("cannot open ") + path + ": " + sqlite3_errmsg(db), ""};
        sqlite3_close(db);
        return e;
    }
    std::unique_ptr<SqliteD1> out(new SqliteD1(db));
    // D1 enforces foreign keys; so must the twin.
    if (auto ok = out->exec("PRAGMA foreign_keys = ON"); !ok) return std::move(ok).error();
    return out;
}

SqliteD1::~SqliteD1() { sqlite3_close(db_); }

Status SqliteD1::exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        Error e = error_from_sql_message(message ? message : "unknown");
        sqlite3_free(message);
        return e;
    }
    return Ok{};
}

Result<D1Result> SqliteD1::query(const Statement& statement) {
    if (auto ok = check_statement(statement); !ok) return std::move(ok).error();
    StatementHandle h;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, statement.sql.c_str(), int(statement.sql.size()), &h.st, &tail) != SQLITE_OK)
        return sqlite_error(db_);
    if (!h.st) return Error{Code::internal, "empty statement", ""};
    // One statement per query, as D1's prepare(); a second one must not vanish silently.
    if (std::string_view(tail).find_first_not_of(" \t\r\n;") != std::string_view::npos)
        return Error{Code::internal, "a query holds one SQL statement; use a batch for more", ""};
    if (auto ok = bind(db_, h.st, statement.params); !ok) return std::move(ok).error();
    D1Result out;
    const int columns = sqlite3_column_count(h.st);
    for (int i = 0; i < columns; ++i) out.columns.emplace_back(sqlite3_column_name(h.st, i));
    const auto changes_before = sqlite3_total_changes64(db_);
    int rc;
    while ((rc = sqlite3_step(h.st)) == SQLITE_ROW) {
        auto& row = out.rows.emplace_back();
        row.reserve(columns);
        for (int i = 0; i < columns; ++i) row.push_back(column_value(h.st, i));
    }
    if (rc != SQLITE_DONE) return sqlite_error(db_);
    const bool wrote = sqlite3_total_changes64(db_) != changes_before;
    out.meta.changes = wrote ? sqlite3_changes64(db_) : 0;
    out.meta.last_row_id = sqlite3_last_insert_rowid(db_);
    out.meta.rows_read = std::int64_t(out.rows.size());
    out.meta.rows_written = out.meta.changes;
    out.meta.size_after = database_bytes(db_);
    return out;
}

Result<std::vector<D1Result>> SqliteD1::batch(const std::vector<Statement>& statements) {
    if (auto ok = exec("BEGIN IMMEDIATE"); !ok) return std::move(ok).error();
    std::vector<D1Result> out;
    for (const auto& statement : statements) {
        auto one = query(statement);
        if (!one) {
            (void)exec("ROLLBACK");
            return std::move(one).error();
        }
        out.push_back(std::move(*one));
    }
    if (auto ok = exec("COMMIT"); !ok) {
        (void)exec("ROLLBACK");
        return std::move(ok).error();
    }
    return out;
}

Status SqliteD1::apply_migrations(const std::filesystem::path& dir) {
    if (auto ok = exec("CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, "
                       "applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)");
        !ok)
        return ok;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        const auto name = file.filename().string();
        auto applied = query({"SELECT 1 FROM d1_migrations WHERE name = ?1", {name}});
        if (!applied) return std::move(applied).error();
        if (!applied->rows.empty()) continue;
        std::ifstream in(file);
        std::stringstream sql;
        sql << in.rdbuf();
        Status ok = exec("BEGIN;" + sql.str());
        if (ok) {
            auto recorded = query({"INSERT INTO d1_migrations (name) VALUES (?1)", {name}});
            ok = recorded ? exec("COMMIT") : Status(std::move(recorded).error());
        }
        if (!ok) {
            (void)exec("ROLLBACK");
            return Error{Code::internal, name + ": " + ok.error().message, ""};
        }
    }
    return Ok{};
}

}  // namespace helm::native
