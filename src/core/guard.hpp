#pragma once
// One-batch writes need their guards in SQL: D1 has no interactive transactions, and an
// `UPDATE ... WHERE version = ?` (or `WHERE on_hand >= ?`) that matches no row is not an
// error, so the rest of the batch would still commit. Put expect_changes(n) right after
// such a statement: when it changed any other number of rows the whole batch rolls back
// (see batch_guard in migrations/0002_audit.sql).
#include <cstdint>

#include "bindings/d1.hpp"

namespace helm {

inline Statement expect_changes(std::int64_t rows) {
    return {"INSERT OR REPLACE INTO batch_guard (id, changed, expected) VALUES (1, changes(), ?1)", {rows}};
}

inline bool is_unmet_expectation(const Error& e) { return raised(e, reason::unmet_expectation); }

}  // namespace helm
