#pragma once
// One tax rate as a sale applies it: shared by the catalog, which keeps the rates, and
// the register's pricing, which applies them.
#include <cstdint>
#include <string>

namespace helm::catalog {

struct TaxRate {
    std::int64_t id = 0;
    std::string name;  // "GST", printed on receipts
    std::string tax_class;
    std::int64_t rate_ppm = 0;
};

}  // namespace helm::catalog
