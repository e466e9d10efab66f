#pragma once
// A SaleRequest worked out against the shop as it is now: every line described and
// priced, returns prorated from their receipt, payments checked, permissions settled.
// quote() shows it; complete() writes it. Internal to the sales module.
#include <optional>
#include <string>
#include <vector>

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
    std::optional<std::int64_t> approved_by;
};

// `for_completion`: the payments must cover the total exactly and the approval is
// checked (a quote only reports what is missing).
Task<Result<Document>> work_out(Context& cx, const SaleRequest& rq, bool for_completion);

// The tax breakdown by rate of a document's lines, for its receipt.
std::vector<LineTax> taxes_by_rate(const std::vector<SaleLine>& lines);

}  // namespace helm::sales
