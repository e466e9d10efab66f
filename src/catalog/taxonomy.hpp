#pragma once
// What products are filed under and taxed by: the category tree, vendors, and tax classes
// with their rates. Small lists, edited rarely; the API and Settings › Catalog share these.
#include <optional>
#include <string>
#include <vector>

#include "catalog/tax_rate.hpp"
#include "core/context.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/task.hpp"

namespace helm::catalog {

struct CategoryFields {
    std::string name;
    std::optional<std::int64_t> parent_id;
};
struct VendorFields {
    std::string name;
    std::optional<std::string> account_number, email, phone;
};
struct RateFields {
    std::string tax_class, name;
    std::int64_t rate_ppm = 0;
    std::string valid_from;
    std::optional<std::string> valid_until;
};

Result<CategoryFields> category_from_json(std::string_view body);
Result<CategoryFields> category_from_form(const Form& form);
Result<VendorFields> vendor_from_json(std::string_view body);
Result<VendorFields> vendor_from_form(const Form& form);
Result<RateFields> rate_from_json(std::string_view body);
Result<RateFields> rate_from_form(const Form& form);  // the rate in percent: "7" or "7.25"

Task<Result<Json>> add_category(Context& cx, const CategoryFields& fields);
// Renames or moves a category: `changes` holds "name" and/or "parent_id" (null: the top).
Task<Result<Json>> change_category(Context& cx, std::int64_t id, std::string_view body);
Task<Result<Json>> add_vendor(Context& cx, const VendorFields& fields);
Task<Result<Json>> add_tax_rate(Context& cx, const RateFields& fields);

Task<Result<Json>> list_categories(Context& cx);   // [{id, parent_id, name, path}] in path order
Task<Result<Json>> list_vendors(Context& cx);      // [{id, name, account_number, email, phone}]
Task<Result<Json>> list_tax_classes(Context& cx);  // [{key, name, rates: [...]}]
// Every rate in force on a business date ("2026-11-23"), by class and id.
Task<Result<std::vector<TaxRate>>> rates_on(Context& cx, std::string_view business_date);
// The same for a caller's own batch: the statement, then its rates.
Statement rates_on_statement(std::string_view business_date);
std::vector<TaxRate> rates_from(const D1Result& found);

}  // namespace helm::catalog
