#pragma once
// What an erasure blanks in the register's records (the app lists it among
// customers::holdings(); no other module writes the register's tables). A document keeps its numbers,
// lines and payments for the books; the words typed about its customer go: its note, its
// tax-exemption reference and the reason given for a return or void (kept as "(erased)",
// as a return must have one). Held and open carts of the customer lose their label and
// note. migrations/0014 lets exactly this update through the "sales never change" guard.
#include <cstdint>
#include <string_view>
#include <vector>

#include "bindings/d1.hpp"

namespace helm::sales {

// `customer_ids`: a JSON array of the erased customers' ids. Every statement matches only
// rows that still hold something to blank, so running them again changes nothing (the
// erasure journal replays them after every restore).
std::vector<Statement> erasure_statements(std::string_view customer_ids, std::int64_t now_ms);

}  // namespace helm::sales
