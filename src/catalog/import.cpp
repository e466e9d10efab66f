#include "catalog/import.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <span>

#include "audit/audit.hpp"
#include "catalog/catalog_sql.hpp"
#include "catalog/products.hpp"
#include "core/csv.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"

namespace helm::catalog {

// One checked row of the file, ready to write. (A named namespace: clang 14 cannot build
// a Task<T> whose T has internal linkage; see docs/architecture.md.)
namespace importing {
struct Planned {
    std::int64_t line = 0;
    Edit edit;
    bool is_new = true;
    std::int64_t seen = 0;  // the version an update applies to
};
}  // namespace importing

namespace {

using importing::Planned;
constexpr std::size_t rows_per_batch = 20;  // a product is up to 4 statements; a batch stays small
constexpr int export_page = 500;

Json row_error(std::int64_t line, std::string field, std::string message) {
    return {{"line", line}, {"field", std::move(field)}, {"message", std::move(message)}};
}

Task<Result<std::set<std::int64_t>>> ids_from(Context& cx, std::string_view statement, const std::set<std::int64_t>& wanted) {
    std::set<std::int64_t> found;
    if (wanted.empty()) co_return found;
    HELM_CO_TRY(auto rows, co_await cx.db.query(statement, to_text(Json(wanted))));
    for (std::size_t i = 0; i < rows.rows.size(); ++i) found.insert(Row(rows, i).integer("id"));
    co_return found;
}

// Every row checked on its own and against the rest of the file and the catalog.
Task<Result<std::vector<Planned>>> plan_rows(Context& cx, const csv::Table& table, ImportReport& report) {
    std::vector<Planned> planned;
    const auto known = text_field_names();
    const auto sku_column = std::find(table.header.begin(), table.header.end(), "sku");
    if (sku_column == table.header.end()) co_return invalid("sku", "the header row needs a sku column");
    for (const auto& column : table.header)
        if (std::find(known.begin(), known.end(), column) == known.end())
            co_return invalid(column, "unknown column " + column + "; the columns are those of the export");
    const std::size_t sku_at = std::size_t(sku_column - table.header.begin());

    Json skus = Json::array();
    for (const auto& r : table.records) skus.push_back(r.fields[sku_at]);
    HELM_CO_TRY(auto existing_rows, co_await cx.db.query(sql::products_with_skus, to_text(skus)));
    std::map<std::string, Product> existing;  // by upper-case SKU: SKUs compare without case
    auto key = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
        return s;
    };
    for (std::size_t i = 0; i < existing_rows.rows.size(); ++i) {
        Product p = product_from_row(Row(existing_rows, i));
        existing.emplace(key(p.sku), std::move(p));
    }

    std::map<std::string, std::int64_t> sku_lines, code_lines;
    std::set<std::int64_t> categories, models;
    for (const auto& record : table.records) {
        Form fields;
        for (std::size_t i = 0; i < table.header.size(); ++i) fields.emplace_back(table.header[i], record.fields[i]);
        const auto found = existing.find(key(trimmed(record.fields[sku_at])));
        const bool is_new = found == existing.end();
        auto edit = edit_from_text(is_new ? Product{} : found->second, fields);
        if (!edit) {
            report.errors.push_back(row_error(record.line, edit.error().field, edit.error().message));
            continue;
        }
        if (is_new && edit->product.kind == "labor" && !edit->has("tax_class")) edit->product.tax_class = "labor";
        if (auto ok = check_product(*edit, is_new); !ok) {
            report.errors.push_back(row_error(record.line, text_name(ok.error().field), ok.error().message));
            continue;
        }
        const Product& p = edit->product;
        if (auto [at, fresh] = sku_lines.emplace(key(p.sku), record.line); !fresh) {
            report.errors.push_back(row_error(record.line, "sku", p.sku + " is also on line " + std::to_string(at->second)));
            continue;
        }
        bool clash = false;
        for (const auto& code : p.barcodes)
            if (auto [at, fresh] = code_lines.emplace(code, record.line); !fresh && !clash) {
                report.errors.push_back(row_error(record.line, "barcodes", "barcode " + code + " is also on line " + std::to_string(at->second)));
                clash = true;
            }
        if (clash) continue;
        if (p.category_id) categories.insert(*p.category_id);
        if (p.parent_id) models.insert(*p.parent_id);
        planned.push_back(Planned{record.line, std::move(*edit), is_new, is_new ? 0 : found->second.version});
    }

    // What the rows refer to, in three reads for the whole file.
    HELM_CO_TRY(auto known_categories, co_await ids_from(cx, sql::existing_categories, categories));
    HELM_CO_TRY(auto known_models, co_await ids_from(cx, sql::possible_models, models));
    Json codes = Json::array();
    for (const auto& entry : code_lines) codes.push_back(entry.first);
    HELM_CO_TRY(auto owners, co_await cx.db.query(sql::barcode_owners, to_text(codes)));
    std::map<std::string, std::int64_t> owner_of;
    for (std::size_t i = 0; i < owners.rows.size(); ++i) owner_of[Row(owners, i).text("code")] = Row(owners, i).integer("product_id");

    std::vector<Planned> ready;
    for (auto& row : planned) {
        const Product& p = row.edit.product;
        if (p.category_id && !known_categories.count(*p.category_id)) {
            report.errors.push_back(row_error(row.line, "category_id", "there is no category " + std::to_string(*p.category_id)));
            continue;
        }
        if (p.parent_id && !known_models.count(*p.parent_id)) {
            report.errors.push_back(row_error(row.line, "parent_id", "product " + std::to_string(*p.parent_id) + " does not exist or is itself a variant"));
            continue;
        }
        const auto taken = std::find_if(p.barcodes.begin(), p.barcodes.end(), [&](const std::string& code) {
            auto owner = owner_of.find(code);
            return owner != owner_of.end() && owner->second != p.id;
        });
        if (taken != p.barcodes.end()) {
            report.errors.push_back(row_error(row.line, "barcodes", "barcode " + *taken + " belongs to another product"));
            continue;
        }
        ready.push_back(std::move(row));
    }
    std::sort(report.errors.begin(), report.errors.end(), [](const Json& a, const Json& b) { return a["line"] < b["line"]; });
    co_return ready;
}

// One batch of rows, and its audit event naming what it created and updated.
Task<Status> write_batch(Context& cx, std::span<Planned> rows, ImportReport& report) {
    const std::int64_t at = cx.now_ms();
    auto written = co_await audit::commit_new(cx, sql::next_product_id, [&](std::int64_t next_id) {
        audit::Change change;
        Json created = Json::array(), updated = Json::array();
        for (auto& row : rows) {
            Product& p = row.edit.product;
            if (row.is_new) {
                p.id = next_id++;
                p.version = 1;
                p.created_at_ms = at;
            } else {
                p.version = row.seen + 1;
            }
            p.updated_at_ms = at;
            for (auto& s : product_writes(p, row.edit, row.is_new, row.seen)) change.statements.push_back(std::move(s));
            (row.is_new ? created : updated).push_back({{"id", p.id}, {"sku", p.sku}, {"line", row.line}});
        }
        change.event = {"product.import", "product", "import", nullptr, {{"created", created}, {"updated", updated}}};
        return change;
    });
    if (!written) {
        Error e = in_client_terms(std::move(written).error());
        if (is_unmet_expectation(e)) e = {Code::conflict, "a product of this batch was changed by someone else meanwhile", "version"};
        e.message = "lines " + std::to_string(rows.front().line) + " to " + std::to_string(rows.back().line) + " were not written: " + e.message;
        co_return e;
    }
    for (const auto& row : rows) ++(row.is_new ? report.created : report.updated);
    co_return Ok{};
}

}  // namespace

Json import_report_json(const ImportReport& r) {
    return {{"dry_run", r.dry_run}, {"rows", r.rows}, {"created", r.created}, {"updated", r.updated}, {"errors", r.errors}};
}

Task<Result<ImportReport>> import_products(Context& cx, std::string_view csv_text, bool dry_run) {
    HELM_CO_TRY(auto table, csv::parse(csv_text));
    ImportReport report;
    report.dry_run = dry_run;
    report.rows = std::int64_t(table.records.size());
    HELM_CO_TRY(auto rows, co_await plan_rows(cx, table, report));
    if (!report.ok()) co_return report;  // a file with any bad row writes nothing
    if (dry_run) {
        for (const auto& row : rows) ++(row.is_new ? report.created : report.updated);
        co_return report;
    }
    for (std::size_t start = 0; start < rows.size(); start += rows_per_batch) {
        std::span<Planned> batch(rows.data() + start, std::min(rows_per_batch, rows.size() - start));
        if (auto ok = co_await write_batch(cx, batch, report); !ok) co_return std::move(ok).error();
    }
    co_return report;
}

Task<Result<std::string>> export_products(Context& cx) {
    const auto names = text_field_names();
    std::string out = csv::line({names.begin(), names.end()});
    for (std::int64_t after = 0;;) {
        HELM_CO_TRY(auto page, co_await cx.db.query(sql::products_after, after, std::int64_t{export_page}));
        for (std::size_t i = 0; i < page.rows.size(); ++i) {
            const Product p = product_from_row(Row(page, i));
            std::vector<csv::Cell> fields;
            for (auto& [name, value] : product_as_text(p)) fields.emplace_back(std::move(value));
            out += csv::line(fields);
            after = p.id;
        }
        if (page.rows.size() < std::size_t(export_page)) break;
    }
    co_return out;
}

}  // namespace helm::catalog
