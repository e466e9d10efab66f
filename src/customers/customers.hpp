#pragma once
// Customers' and bikes' reads and writes, shared by the JSON API and the screens. Every
// write checks its input, is one audited batch (audit::commit) and answers what it wrote.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bindings/d1.hpp"
#include "core/context.hpp"
#include "core/search.hpp"
#include "core/task.hpp"
#include "customers/customer.hpp"

namespace helm::customers {

constexpr int default_page_size = 50;
constexpr int max_page_size = 200;
constexpr std::size_t max_query_length = max_search_length;

// What one search looks for, each part empty when the query cannot be one: every word
// as a quoted FTS5 prefix, the phone's last digits reversed, an email, a frame serial.
struct SearchTerms {
    std::string words, phone, email, serial;
    bool empty() const { return words.empty() && phone.empty() && email.empty() && serial.empty(); }
};
SearchTerms search_terms(std::string_view query);

struct Found {
    Customer customer;
    bool by_serial = false;  // the query was one of their bikes' frame serial
};

// An empty query lists active customers by name. Merged and erased ones never show.
Task<Result<std::vector<Found>>> find_customers(Context& cx, std::string_view query, int limit);
Task<Result<Customer>> load_customer(Context& cx, std::int64_t id);  // 404 naming "id"
// The same for a caller's own batch: its rows read with customer_from_row.
Statement customer_read(std::int64_t id);
Task<Result<std::vector<Bike>>> bikes_of(Context& cx, std::int64_t customer_id);
Task<Result<Bike>> load_bike(Context& cx, std::int64_t id);  // 404 naming "id"
// Other active customers with the same phone (its last ten digits) or email.
Task<Result<std::vector<Customer>>> possible_duplicates(Context& cx, const Customer& c);

struct Created {
    Customer customer;
    std::vector<Customer> duplicates;  // a warning, never a refusal
};
Task<Result<Created>> create_customer(Context& cx, const CustomerFields& fields);
// fields.version is required: an edit made meanwhile is a conflict, never overwritten.
Task<Result<Customer>> update_customer(Context& cx, std::int64_t id, const CustomerFields& fields);

Task<Result<Bike>> add_bike(Context& cx, std::int64_t customer_id, const BikeFields& fields);

// A bike the shop sold to a customer, linked to its serialized unit: the statements that
// add it inside the sale's own batch (which aborts if the customer was merged away or
// erased meanwhile).
struct SoldBike {
    std::int64_t customer_id = 0, serial_unit_id = 0;
    std::optional<std::string> make, model, colour, size;
    std::optional<std::int64_t> year;
    std::string frame_serial;
};
std::vector<Statement> sold_bike_statements(const SoldBike& bike, std::int64_t at_ms);
Task<Result<Bike>> update_bike(Context& cx, std::int64_t id, const BikeFields& fields);

// Customer `id` merges into `into_id`: their bikes, and what each holding moves
// (holdings()), move to the survivor, and `id` points at it. Answers the survivor.
Task<Result<Customer>> merge_customer(Context& cx, std::int64_t id, std::int64_t into_id, std::optional<std::int64_t> version);
// Pseudonymises the customer and everyone merged into them, and blanks what each holding
// says (holdings()); financial records stay. Then after_erasure runs.
Task<Result<Customer>> erase_customer(Context& cx, std::int64_t id, std::optional<std::int64_t> version);
// Everything the shop holds about one customer, as JSON; the export itself is audited.
Task<Result<Json>> export_customer(Context& cx, std::int64_t id);

// What another module holds of customers: what a merge and an erasure do to its rows, in
// their batch. Each module holding a customer_id says so once, in the app's list
// (src/app/customer_data.cpp: modules above customers cannot be named here), and a test
// fails for a table with a customer_id column that no holding moves, blanks or keeps with
// its reason (test/native/erasure_test.cpp).
struct KeptTable {
    std::string_view table, reason;  // a table neither statement touches, and why
};
struct Holding {
    std::string_view module;
    // A merge of `from` into `into` at `now_ms`: what moves to the survivor (none: nullptr).
    std::vector<Statement> (*on_merge)(std::int64_t from, std::int64_t into, std::int64_t now_ms) = nullptr;
    // An erasure of `customer_ids` (a JSON array) at `now_ms`: each statement matches only
    // rows with something left to blank, so a replay changes nothing (none: nullptr).
    std::vector<Statement> (*on_erase)(std::string_view customer_ids, std::int64_t now_ms) = nullptr;
    std::span<const KeptTable> keeps = {};
};
std::span<const Holding> holdings();

// After an erasure's batch landed: its tombstones in the erasure journal and the removal
// of every export that holds the customer (ops'; defined in src/app/customer_data.cpp). A
// failure is logged, not answered: the erasure stands, and the daily job finishes both.
Task<void> after_erasure(Context& cx, const std::vector<std::int64_t>& erased_ids, std::int64_t erased_at_ms);

// One thing another module knows of a customer, as the register's customer panel and the
// customer's page list it: {"Balances", "Store credit", "12.50"}, {"Open tickets",
// "T-00004", "In progress · promised 2026-12-09", "/service/tickets/4"}.
struct Fact {
    std::string group, label, value, href;
};
// Gathered by the app from each module that holds something of a customer (src/app/):
// those modules depend on this one, so it cannot ask them itself.
Task<Result<std::vector<Fact>>> facts_about(Context& cx, std::int64_t customer_id);

// The service department's part of a customer's page, for staff who may open its screens:
// where a bike's service history is, and the customer's tickets. Service depends on this
// module, so the app fills these in (src/app/customer_pages.cpp).
std::string bike_history_path(std::int64_t bike_id);
Task<Result<std::string>> service_history_html(Context& cx, std::int64_t customer_id);

}  // namespace helm::customers
