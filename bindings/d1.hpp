#pragma once
// The D1 port, mirroring D1's own API: a statement with bound parameters gives rows and
// meta; a batch is atomic. Natively the same SQL runs on SQLite (bindings/native/).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/db_errors.hpp"  // error_from_sql_message: a failed statement as an Error
#include "bindings/values.hpp"
#include "core/result.hpp"

namespace helm {

struct Statement {
    std::string sql;
    std::vector<Value> params;  // D1 allows at most 100
};

struct D1Meta {
    std::int64_t changes = 0;
    std::int64_t last_row_id = 0;
    std::int64_t rows_read = 0;
    std::int64_t rows_written = 0;
    std::int64_t size_after = 0;  // the database's bytes after the statement, as D1 reports it
};

struct D1Result {
    std::vector<std::string> columns;
    std::vector<std::vector<Value>> rows;
    D1Meta meta;

    std::size_t column(std::string_view name) const;  // index, or columns.size()
};

// Typed reads of one row by column name; a missing column or a NULL reads as the default.
class Row {
public:
    Row(const D1Result& result, std::size_t index) : result_(result), index_(index) {}
    Row(const D1Result&& result, std::size_t index) = delete;  // a Row must not outlive its result
    std::int64_t integer(std::string_view column, std::int64_t fallback = 0) const;
    std::string text(std::string_view column) const;
    bool is_null(std::string_view column) const;
    // A nullable column: nullopt for NULL.
    std::optional<std::string> optional_text(std::string_view column) const;
    std::optional<std::int64_t> optional_integer(std::string_view column) const;

private:
    const Value* find(std::string_view column) const;
    const D1Result& result_;
    std::size_t index_;
};

// D1's limits on one statement, checked the same way before either port runs it:
// at most 100 bound parameters, and no integer that a JS number cannot hold exactly.
Status check_statement(const Statement& statement);


}  // namespace helm
