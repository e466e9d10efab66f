// Every module that holds something of a customer, listed once (customers::holdings()):
// what a merge moves and an erasure blanks of it, in the merge's or the erasure's batch.
// A module that comes to hold a customer_id adds its line here; the test that reads every
// table's columns (test/native/erasure_test.cpp) fails until it does.
#include "customers/customers.hpp"
#include "ops/erasure_journal.hpp"
#include "ops/export.hpp"
#include "sales/erasure.hpp"
#include "service/erasure.hpp"

namespace helm::customers {
namespace {

constexpr KeptTable sales_keeps[] = {
    // Money owed to the customer, with no words about them (nothing to erase). A merge
    // leaves it with the customer merged away: the survivor may have an account of the same
    // kind (one per kind and customer), and moving a balance is a payment, not a merge.
    {"accounts", "a balance and its ledger, with nothing personal to blank; a merge moving money would be a payment"},
};

constexpr Holding holding_list[] = {
    {"service", service::merge_statements, service::erasure_statements, {}},
    {"sales", nullptr, sales::erasure_statements, sales_keeps},
};

}  // namespace

std::span<const Holding> holdings() { return holding_list; }

Task<void> after_erasure(Context& cx, const std::vector<std::int64_t>& erased_ids, std::int64_t erased_at_ms) {
    // The erasure stands once its batch landed; a journal R2 could not take now is written
    // by the daily job (sync_erasure_journal), so it is logged, not answered as a failure.
    auto journaled = co_await ops::journal_erasures(cx, erased_ids, erased_at_ms);
    if (!journaled)
        platform::log_line(to_text({{"type", "erasure_journal"}, {"request_id", cx.request_id}, {"error", journaled.error().message}}));
    // Every export made so far holds the customer: it goes (one still being built, or one
    // R2 would not delete now, goes with the daily job's sweep).
    const std::string erased_stamp = ops::export_stamp(cx.shop.timezone, erased_at_ms);
    auto exports = co_await ops::remove_exports_up_to(cx, erased_stamp);
    if (!exports)
        platform::log_line(to_text({{"type", "erasure_exports"}, {"request_id", cx.request_id}, {"error", exports.error().message}}));
}

}  // namespace helm::customers
