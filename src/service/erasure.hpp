#pragma once
// What a merge moves and an erasure blanks of the service department's records (the app
// lists them among customers::holdings(); no other module writes the service tables). A
// merge moves the customer's tickets, special orders and waiting messages to the
// survivor. An erasure leaves a ticket its dates, status and lines; the words typed about
// its customer go (the problem in their words, the notes, who approved, the notes on its
// status moves), and a message still waiting for them is not sent.
#include <cstdint>
#include <string_view>
#include <vector>

#include "bindings/d1.hpp"

namespace helm::service {

// `customer_ids`: a JSON array of the erased customers' ids. Every statement matches only
// rows that still hold something to blank or cancel, so running them again changes
// nothing, not even a version (the erasure journal replays them after every restore).
std::vector<Statement> erasure_statements(std::string_view customer_ids, std::int64_t now_ms);

// Customer `from` merged into `into` at `now_ms`: their tickets, special orders and messages go with them.
std::vector<Statement> merge_statements(std::int64_t from, std::int64_t into, std::int64_t now_ms);

}  // namespace helm::service
