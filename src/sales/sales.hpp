#pragma once
// The register's documents: a sale, a return, an exchange (both at once) or a void. What
// the clerk asks for is a SaleRequest (the same JSON the API takes and a held cart
// keeps); completing it is ONE audited D1 batch, idempotent on the request's key, and
// the document it writes never changes afterwards.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "core/http.hpp"
#include "core/json.hpp"
#include "core/task.hpp"
#include "core/words.hpp"
#include "customers/customers.hpp"
#include "sales/pricing.hpp"

namespace helm::sales {

// How the shop prices, taxes and returns (shop_settings; Settings › Register).
struct RegisterSettings {
    bool prices_include_tax = false;
    bool round_per_invoice = false;
    std::int64_t discount_limit_ppm = 100'000;  // above it: action.discount_over_limit or a manager's PIN
    bool receiptless_returns = false;           // a return without receipt, as store credit only
    bool show_expected_cash = false;            // off: an open drawer's expected cash stays hidden (a blind count)
};
Json settings_json(const RegisterSettings& s);
// Changes what the body names: {prices_include_tax, tax_rounding, discount_limit_ppm, receiptless_returns,
// show_expected_cash}.
Result<RegisterSettings> settings_from_json(RegisterSettings current, std::string_view body);
Task<Result<RegisterSettings>> load_settings(Context& cx);
Task<Result<RegisterSettings>> save_settings(Context& cx, const RegisterSettings& settings);  // audited

// A till: its name, and whether its receipt prints by itself as each sale completes (a
// printer sits beside it).
struct Register {
    std::int64_t id = 0;
    std::string name;
    bool auto_print = false;
};
Json register_json(const Register& r);
Task<Result<Register>> load_register(Context& cx, std::int64_t id);  // 404 naming "register_id"
Task<Result<std::vector<Register>>> list_registers(Context& cx);
Task<Result<Register>> save_register_printing(Context& cx, std::int64_t id, bool auto_print);  // audited

// What the sales module knows of a customer: their store credit and deposit balances and
// their last few documents (customers::facts_about gathers it).
constexpr int recent_purchases = 5;
Task<Result<std::vector<customers::Fact>>> customer_facts(Context& cx, std::int64_t customer_id);

// How money is taken or given back, and what each is called on a screen or a receipt.
constexpr std::string_view tenders[] = {"cash", "card", "cheque", "gift_card", "store_credit", "deposit"};
constexpr Choice tender_words[] = {{"cash", "Cash"},           {"card", "Card"},
                                   {"cheque", "Cheque"},       {"gift_card", "Gift card"},
                                   {"store_credit", "Store credit"}, {"deposit", "Deposit"}};
constexpr std::string_view tender_label(std::string_view tender) { return words_for(tender_words, tender); }
// A document's kind: "Sale", "Return", "Exchange", "Void".
constexpr Choice document_words[] = {{"sale", "Sale"}, {"return", "Return"}, {"exchange", "Exchange"}, {"void", "Void"}};
constexpr std::string_view kind_label(std::string_view kind) { return words_for(document_words, kind); }

// One line the clerk rang up: a product (by id, or by a barcode or SKU as scanned), money
// onto an account (a gift card's code, or a customer's deposit) for `amount`, or custom labor.
struct LineRequest {
    std::optional<std::int64_t> product_id;
    std::optional<std::string> code;  // a barcode or SKU, as scanned
    std::int64_t quantity = 1;        // negative: a return without its receipt
    std::optional<Cents> unit_price;  // an override of the catalog's price, with its reason
    std::optional<std::string> price_reason;
    Discount discount;
    std::optional<std::int64_t> serial_unit_id;  // which bike, for a serialized product
    std::optional<std::string> gift_card_code;   // a gift card line: the card it loads
    bool deposit = false;                        // a deposit line: onto the customer's deposit
    std::optional<Cents> amount;                 // a gift card's or a deposit's amount
    // Labor that is not on the service menu (a work order's custom labor): no product, its
    // own words and unit_price, taxed as labor.
    bool custom_labor = false;
    std::optional<std::string> description;
};

// A sold line coming back, by its id on the original receipt.
struct ReturnRequest {
    std::int64_t line_id = 0;
    std::int64_t quantity = 1;
    bool restock = true;  // false: damaged, it does not go back on the shelf
};

// Money in (positive) or back out (negative). Cash says what was handed over; the change
// is worked out. A card's reference is the external terminal's; a cheque's its number; a
// gift card's its code.
struct PaymentRequest {
    std::string tender;
    Cents amount;
    std::optional<Cents> tendered;
    std::optional<std::string> reference;
};

// A manager lets a discount or a price override through with their PIN.
struct Approval {
    std::int64_t staff_id = 0;
    std::string pin;
};

struct SaleRequest {
    std::string idempotency_key;  // generated by the client once per completion attempt
    std::int64_t register_id = 1;
    std::optional<std::int64_t> customer_id;
    std::vector<LineRequest> lines;
    Discount discount;  // on the whole sale
    std::optional<std::int64_t> original_sale_id;  // the receipt that `returns` come from
    std::vector<ReturnRequest> returns;
    std::optional<std::string> reason;  // why things come back
    std::vector<PaymentRequest> payments;
    std::optional<std::string> note;
    std::optional<Approval> approval;
    // The held cart this completes: removed in the same batch, so it completes once.
    std::optional<std::int64_t> draft_id, draft_version;
    // What the document is for: a work order's deposit or its invoice. Paying an invoiced
    // work order's sale picks the bike up (a trigger of the service department's schema).
    std::optional<std::int64_t> work_order_id;
};
// Every text field is checked, and one that holds a payment card number is refused:
// card data never enters Helm.
Result<SaleRequest> sale_request_from_json(std::string_view body);
// Bounds the JSON above and the register's cart share: a line's quantity (sale_lines'
// CHECK) and the lines of one sale.
constexpr std::int64_t max_line_quantity = 10'000;
constexpr std::size_t max_sale_lines = 200;
// The cart a draft keeps (no key, no PIN). Payments are kept too: a work order's invoice
// arrives with its deposit already applied.
Json sale_request_json(const SaleRequest& rq);

// A document as stored, with everything its receipt prints.
struct SaleLine {
    std::int64_t id = 0, line_no = 0;
    std::string kind, description, tax_class;
    std::optional<std::int64_t> product_id, serial_unit_id, returns_line_id;
    std::optional<std::string> sku, serial, price_override_reason, account_code;
    std::int64_t quantity = 0;
    Cents list_price, unit_price, line_discount, sale_discount, base, tax, total, unit_cost;
    std::vector<LineTax> taxes;
    std::int64_t returned = 0;  // how many later returns took back (a sale's lines)
};
struct Payment {
    std::string tender;
    Cents amount, tendered, change;
    std::optional<std::string> reference;
};
struct Sale {
    std::int64_t id = 0;
    std::string number, kind, business_date;
    std::optional<std::int64_t> original_sale_id, customer_id, staff_id, approved_by_staff_id, voided_by_sale_id, work_order_id;
    std::optional<std::string> original_number, customer_name, staff_name, tax_exempt_reference, note, reason;
    std::optional<std::string> work_order_number;  // the service ticket it paid a deposit or the invoice of
    std::int64_t register_id = 0;
    bool prices_include_tax = false;
    std::string tax_rounding;
    Cents subtotal, discount, tax, total, change;
    std::vector<SaleLine> lines;
    std::vector<LineTax> taxes;  // by rate
    std::vector<Payment> payments;
    std::int64_t completed_at_ms = 0;
};
// Gift card codes by their last four characters (sales/gift_cards.hpp); only the answer
// that completes the sale (or its retry with the same key) shows them whole
// (completed_sale_json), for the clerk to hand over.
Json sale_json(const Sale& s);
Json completed_sale_json(const Sale& s);

// What the request would come to, priced as it would complete now, without writing.
struct Quote {
    std::vector<SaleLine> lines;  // described and priced (returns included, negative)
    Totals totals;
    Cents paid, due;  // due = total - paid (negative: change or a refund still to give)
};
Json quote_json(const Quote& q);
Task<Result<Quote>> quote(Context& cx, const SaleRequest& rq);

// Completes the request as one batch. A retry with the same key answers the first
// result and writes nothing.
struct Completed {
    Sale sale;
    bool replayed = false;
};
Task<Result<Completed>> complete(Context& cx, const SaleRequest& rq);

// Voids a sale of today's business date: everything it did is undone by a 'void'
// document (stock back, units back, accounts back, every tender refunded as taken).
Task<Result<Completed>> void_sale(Context& cx, std::int64_t sale_id, std::string reason, std::string idempotency_key);

Task<Result<Sale>> load_sale(Context& cx, std::int64_t id);  // 404 naming "id"

// What a sale's tender can still give back: what it took less what returns refunded to it
// since. A gift card (by its code) and an account are tenders of their own. A refund beyond
// `left` is refused, in the return's batch too (migrations/0012_money_rules.sql).
struct Refundable {
    std::string tender;
    std::optional<std::int64_t> account_id;
    std::optional<std::string> account_code;  // the gift card that paid
    Cents taken, refunded;
    Cents left() const { return taken - refunded; }
};
Task<Result<std::vector<Refundable>>> refundable(Context& cx, std::int64_t sale_id);

// The money completed documents moved for a work order: deposits paid for it (less their
// voids) and deposits its invoice took as a tender.
struct WorkOrderPayments {
    Cents deposits_paid, deposits_applied;
};
Task<Result<WorkOrderPayments>> work_order_payments(Context& cx, std::int64_t work_order_id);
// The newest documents first; `business_date` empty for any date, `customer_id` 0 for anyone.
Task<Result<std::vector<Sale>>> list_sales(Context& cx, std::string_view business_date, std::int64_t customer_id, int limit);
// The tenders of the newest `limit` documents of a business date, by document ("Cash, Card"):
// one read for a whole list, whose documents come without their payments.
Task<Result<std::map<std::int64_t, std::string>>> tenders_on(Context& cx, const std::string& business_date, int limit);
// A receipt by its number as typed ("s-12", "S-00012", "12"), if there is one.
Task<Result<std::optional<std::int64_t>>> sale_with_number(Context& cx, std::string_view typed);
// The returns, exchanges and void that name a document as their original.
struct RelatedDocument {
    std::int64_t id = 0;
    std::string number, kind;
};
Task<Result<std::vector<RelatedDocument>>> documents_of(Context& cx, std::int64_t sale_id);

}  // namespace helm::sales
