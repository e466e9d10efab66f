#include "ops/dump.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/hex.hpp"

namespace helm::ops {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
    return true;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// SQLite's and D1's bookkeeping: never dumped, and recreated by the database itself.
bool internal_object(std::string_view name) { return starts_with_nocase(name, "sqlite_") || starts_with_nocase(name, "_cf_"); }

bool is_virtual(const SchemaObject& o) { return o.type == "table" && starts_with_nocase(o.sql, "CREATE VIRTUAL TABLE"); }

// FTS3/4/5 keep their index in tables named after the virtual table; its CREATE makes them.
bool is_shadow_of(std::string_view table, std::string_view vtab) {
    static constexpr std::string_view suffixes[] = {"_data", "_idx", "_content", "_docsize", "_config",
                                                    "_segments", "_segdir", "_stat"};
    if (table.size() <= vtab.size() || lower(table.substr(0, vtab.size())) != lower(vtab)) return false;
    const auto rest = lower(table.substr(vtab.size()));
    return std::find(std::begin(suffixes), std::end(suffixes), rest) != std::end(suffixes);
}

// An FTS table over another table's rows (content=...) is rebuilt from them; one that keeps
// its own content has rows of its own to dump.
bool external_content(std::string_view sql) {
    const auto text = lower(sql);
    return text.find("content=") != std::string::npos || text.find("content =") != std::string::npos;
}

bool without_rowid(std::string_view sql) {
    auto text = lower(sql);
    while (!text.empty() && (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back())))) text.pop_back();
    return text.ends_with("without rowid");
}

std::size_t utf8_cut(std::string_view text, std::size_t at) {
    if (at >= text.size()) return text.size();
    while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
    return at;
}

// A table without an INTEGER PRIMARY KEY keeps its rowid through the dump: named bare,
// since a quoted "rowid" would be taken for a column of that name.
std::string column_sql(std::string_view name) { return name == "rowid" ? std::string(name) : quote_identifier(name); }

std::string row_literal(const std::vector<Value>& row) {
    std::string out = "(";
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) out += ", ";
        out += sql_literal(row[i]);
    }
    return out + ")";
}

}  // namespace

std::optional<Value> withheld_from_export(std::string_view table, std::string_view column) {
    if (table != "staff") return std::nullopt;
    // The staff table's CHECKs want 64 and 32 hex digits.
    if (column == "pin_hash") return Value(std::string(64, '0'));
    if (column == "pin_salt") return Value(std::string(32, '0'));
    return std::nullopt;
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string sql_literal(const Value& value) {
    struct Visit {
        std::string operator()(std::nullptr_t) const { return "NULL"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            if (std::isnan(d)) return "NULL";  // SQLite stores NaN as NULL itself
            if (std::isinf(d)) return d > 0 ? "1e999" : "-1e999";
            char buf[40];
            std::snprintf(buf, sizeof buf, "%.17g", d);
            std::string text = buf;
            if (text.find_first_of(".eE") == std::string::npos) text += ".0";  // stays REAL
            return text;
        }
        std::string operator()(const std::string& s) const {
            std::string out = "'";
            for (char c : s) {
                if (c == '\'') out += '\'';
                out += c;
            }
            return out + "'";
        }
        std::string operator()(const Blob& b) const { return "X'" + to_hex(b) + "'"; }
    };
    return std::visit(Visit{}, value);
}

Result<std::string> inline_parameters(const Statement& statement) {
    const std::string_view sql = statement.sql;
    std::string out;
    std::size_t next = 0;  // a bare ? takes the parameter after the last one used
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {  // copy a quoted string or name whole
            const auto end = sql.find(c, i + 1);
            if (end == std::string_view::npos) return invalid("sql", "an unterminated quote");
            out.append(sql.substr(i, end - i + 1));
            i = end;
            continue;
        }
        if (c != '?') {
            out += c;
            continue;
        }
        std::size_t n = 0, j = i + 1;
        while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + std::size_t(sql[j++] - '0');
        if (j == i + 1) n = next + 1;
        if (n == 0 || n > statement.params.size()) return invalid("sql", "parameter ?" + std::to_string(n) + " is not bound");
        out += sql_literal(statement.params[n - 1]);
        next = n;
        i = j - 1;
    }
    return out;
}

DumpPlan plan_dump(const std::vector<SchemaObject>& schema) {
    DumpPlan plan;
    std::vector<std::string> virtual_tables;
    for (const auto& o : schema)
        if (is_virtual(o)) virtual_tables.push_back(o.name);
    auto shadow = [&](std::string_view name) {
        return std::any_of(virtual_tables.begin(), virtual_tables.end(), [&](const auto& v) { return is_shadow_of(name, v); });
    };
    for (const auto& o : schema) {
        if (o.sql.empty() || internal_object(o.name)) continue;
        if (o.type == "table") {
            if (shadow(o.name)) continue;
            plan.create_first.push_back(o.sql);
            if (is_virtual(o) && external_content(o.sql)) {
                plan.rebuilt.push_back(o.name);
                continue;
            }
            plan.tables.push_back(o.name);
            if (o.name == "cron_runs") continue;  // see dump.hpp
            plan.row_tables.push_back(o.name);
            if (without_rowid(o.sql)) plan.without_rowid.push_back(o.name);
        } else {
            plan.create_last.push_back(o.sql);
        }
    }
    // Views may name each other and triggers name tables and views: views before triggers.
    std::stable_partition(plan.create_last.begin(), plan.create_last.end(),
                          [](const std::string& sql) { return !starts_with_nocase(sql, "CREATE TRIGGER"); });
    return plan;
}

std::vector<std::string> dependency_order(const std::vector<std::string>& tables,
                                          const std::map<std::string, std::vector<std::string>>& parents) {
    std::vector<std::string> out;
    std::set<std::string> placed;
    const std::set<std::string> known(tables.begin(), tables.end());
    auto ready = [&](const std::string& t) {
        auto found = parents.find(t);
        if (found == parents.end()) return true;
        return std::all_of(found->second.begin(), found->second.end(),
                           [&](const std::string& p) { return p == t || placed.count(p) || !known.count(p); });
    };
    while (out.size() < tables.size()) {
        bool moved = false;
        for (const auto& t : tables)
            if (!placed.count(t) && ready(t)) {
                out.push_back(t);
                placed.insert(t);
                moved = true;
            }
        if (!moved)  // a cycle: the rest in schema order
            for (const auto& t : tables)
                if (placed.insert(t).second) out.push_back(t);
    }
    return out;
}

InsertWriter::InsertWriter(std::string_view table, std::vector<std::string> columns, std::string key_column, std::size_t key_index)
    : table_(quote_identifier(table)), columns_(std::move(columns)), key_column_(std::move(key_column)), key_index_(key_index) {
    head_ = "INSERT INTO " + table_ + " (";
    for (std::size_t i = 0; i < columns_.size(); ++i) head_ += (i ? ", " : "") + column_sql(columns_[i]);
    head_ += ") VALUES\n";
}

Status InsertWriter::add(const std::vector<Value>& row, std::string& out) {
    ++rows_;
    auto literal = row_literal(row);
    if (head_.size() + literal.size() + 2 > max_statement_bytes) {
        finish(out);
        return add_oversized(row, out);
    }
    if (!pending_.empty() && pending_.size() + literal.size() + 3 > max_statement_bytes) finish(out);
    if (pending_.empty()) pending_ = head_;
    else pending_ += ",\n";
    pending_ += literal;
    return Ok{};
}

void InsertWriter::finish(std::string& out) {
    if (pending_.empty()) return;
    out += pending_;
    out += ";\n";
    pending_.clear();
}

Status InsertWriter::add_oversized(const std::vector<Value>& row, std::string& out) {
    constexpr std::size_t piece = max_statement_bytes / 2;
    std::vector<Value> first = row;
    std::vector<std::pair<std::size_t, std::string>> rest;  // (column, text still to append)
    for (std::size_t i = 0; i < first.size(); ++i) {
        auto* text = std::get_if<std::string>(&first[i]);
        if (!text || text->size() <= 1024) continue;
        if (i == key_index_) return invalid(columns_[i], "a row's key is too long for one statement");
        rest.emplace_back(i, std::move(*text));
        first[i] = std::string();
    }
    if (head_.size() + row_literal(first).size() + 2 > max_statement_bytes)
        return invalid(table_, "a row is too large for D1 even with its text split");
    out += head_ + row_literal(first) + ";\n";
    const auto key = sql_literal(row[key_index_]);
    for (auto& [column, text] : rest) {
        const auto name = column_sql(columns_[column]);
        for (std::size_t at = 0; at < text.size();) {
            std::size_t end = utf8_cut(text, at + piece);
            if (end <= at) end = std::min(text.size(), at + piece);
            out += "UPDATE " + table_ + " SET " + name + " = " + name + " || " + sql_literal(text.substr(at, end - at)) +
                   " WHERE " + column_sql(key_column_) + " = " + key + ";\n";
            at = end;
        }
    }
    return Ok{};
}

std::string dump_header(std::string_view shop, std::string_view taken_at, std::string_view local_date) {
    std::string out = "-- Helm backup of shop " + std::string(shop) + ", taken " + std::string(taken_at) +
                      " (shop-local date " + std::string(local_date) + ").\n";
    out += "-- Load it into an EMPTY database: npm run restore (docs/runbooks/restore.md), or\n";
    out += "-- wrangler d1 execute DB --file <this file, unzipped>, or sqlite3 <db> < <this file>.\n";
    // D1 enforces foreign keys; rows come in dependency order, and this covers any cycle.
    out += "PRAGMA defer_foreign_keys = on;\n";
    return out;
}

std::string dump_footer(std::int64_t tables, std::int64_t rows) {
    return "-- end of backup: " + std::to_string(tables) + " tables, " + std::to_string(rows) + " rows\n";
}

}  // namespace helm::ops
