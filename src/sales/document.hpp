#pragma once
// A SaleRequest worked out against the shop as it is now: its inputs read in one batch,
// then every line described and priced, returns prorated from their receipt, payments
// checked and permissions listed by a pure function. quote() shows it; complete()
// approves and writes it. Internal to the sales module.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "catalog/product.hpp"
#include "catalog/tax_rate.hpp"
#include "customers/customer.hpp"
#include "inventory/inventory.hpp"
#include "sales/sales.hpp"

namespace helm::sales {

// A tender as it will be written: which account it moves, the drawer's cash and change.
struct PlannedPayment {
    PaymentRequest request;
    Cents change;
    std::optional<std::string> account_kind, account_code;  // gift_card/store_credit/deposit
};

struct Document {
    std::string kind = "sale";
    std::string business_date;
    RegisterSettings settings;
    std::optional<customers::Customer> customer;
    std::optional<Sale> original;
    std::vector<SaleLine> lines;
    std::vector<std::optional<inventory::SerialUnit>> units;  // per line: the bike it sells or takes back
    std::vector<bool> restock;                                 // per line: a return goes back on the shelf
    Cents gross, discount, subtotal, tax, total;
    std::vector<LineTax> taxes;  // by rate
    std::vector<PlannedPayment> payments;
    Cents paid;
    std::vector<std::string> needs;  // permissions the clerk lacks: a manager's PIN lets them through
    std::optional<std::int64_t> approved_by;
};

// Everything a document is worked out from, read before it is worked out: the register's
// settings, the register, the day's tax rates, the customer, the products and bikes the
// lines name, whether the drawer is open, the accounts that pay, and for a return its
// receipt with what its tenders have left. One D1 batch for a sale paid by cash or card.
struct SaleInputs {
    std::string business_date;
    std::string currency;  // the shop's, for the amounts its messages name
    RegisterSettings settings;
    std::optional<Register> register_;  // when on file
    std::optional<customers::Customer> customer;  // rq.customer_id's, when on file
    std::vector<catalog::TaxRate> rates;
    std::map<std::int64_t, catalog::Product> products;       // by id
    std::map<std::string, catalog::Product> products_by_code;  // by the code a line names
    std::map<std::int64_t, inventory::SerialUnit> units;      // sold and returned bikes, by id
    bool drawer_open = false;  // the register's cash drawer
    std::vector<std::optional<std::int64_t>> balances;       // per payment: its account's balance, when paid from one on file
    std::vector<std::optional<std::string>> card_codes;      // per line: the code a gift card line loads
    std::optional<Sale> original;                            // the receipt, when on file
    std::vector<Refundable> refundable;                      // what the receipt's tenders have left
    std::optional<customers::Customer> sale_customer;        // whom the receipt was sold to
    // The document an idempotency key already wrote, and the digest it was written for.
    std::optional<std::int64_t> keyed_sale_id;
    std::optional<std::string> keyed_digest;
};

// Reads a request's inputs: one batch, and only for what a request names beyond cash and
// card (a gift card's look-up, an account's balance, a receipt's bikes, a new card's code)
// a few more. `key`: the idempotency key a completion carries.
Task<Result<SaleInputs>> load_inputs(Context& cx, const SaleRequest& rq, const std::optional<std::string>& key);

// Works a request out from its inputs, without I/O. `for_completion`: the payments must
// cover the total exactly (a quote only reports what is missing).
Result<Document> work_out(const SaleInputs& in, const SaleRequest& rq, const std::optional<Session>& session, bool for_completion);
// What quote() answers, from inputs already read: the tender page reads once and prices
// the cart with and without the payment being added.
Result<Quote> quote_from(const SaleInputs& in, const SaleRequest& rq, const std::optional<Session>& session);

// A completion's permissions beyond ringing up a sale: the clerk's own, or the manager's
// PIN the request carries.
Task<Status> approve(Context& cx, Document& doc, const SaleRequest& rq);

// The tax breakdown by rate of a document's lines, for its receipt.
std::vector<LineTax> taxes_by_rate(const std::vector<SaleLine>& lines);

// A document read back: its four queries (head, lines, taxes, payments), as a batch of
// its own or at the end of the batch that writes it.
std::vector<Statement> sale_reads(std::int64_t id);
Result<Sale> sale_from(std::span<const D1Result> results, std::int64_t id);
Error sale_not_found(std::int64_t id);  // 404 naming "id"
RegisterSettings settings_from(const D1Result& found);
Register register_from_row(const Row& row);

}  // namespace helm::sales
