#pragma once
// The catalog as CSV: an export of every product, and an import that creates new SKUs
// and updates existing ones. A dry run reports every bad row by its line and writes
// nothing; the real run checks the same way first, then writes in batches.
#include <string>
#include <string_view>

#include "core/context.hpp"
#include "core/json.hpp"
#include "core/task.hpp"

namespace helm::catalog {

struct ImportReport {
    bool dry_run = true;
    std::int64_t rows = 0, created = 0, updated = 0;
    Json errors = Json::array();  // [{line, field, message}]
    bool ok() const { return errors.empty(); }
};
Json import_report_json(const ImportReport& r);

Task<Result<ImportReport>> import_products(Context& cx, std::string_view csv_text, bool dry_run);
Task<Result<std::string>> export_products(Context& cx);

}  // namespace helm::catalog
