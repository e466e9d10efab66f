// Working out a document: what each line is, what it costs, what comes back from which
// receipt, how it is paid, and whose permission it needs.
#include "sales/document.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "auth/pin.hpp"
#include "catalog/products.hpp"
#include "catalog/taxonomy.hpp"
#include "core/time.hpp"
#include "customers/customers.hpp"
#include "sales/gift_cards.hpp"
#include "sales/sales_sql.hpp"

namespace helm::sales {
namespace {

std::string at(std::string_view list, std::size_t index, std::string_view key) {
    return std::string(list) + "[" + std::to_string(index) + "]." + std::string(key);
}

Error precondition(std::string field, std::string message) { return {Code::failed_precondition, std::move(message), std::move(field)}; }

std::string money(Cents c) { return (c.value < 0 ? "-$" : "$") + format_cents(Cents{std::abs(c.value)}); }

// Whether a discount takes off more than the shop's limit of what it discounts.
bool over_limit(Cents off, Cents of, std::int64_t limit_ppm) {
    return std::abs(off.value) * ppm_one > std::abs(of.value) * limit_ppm;
}

// A share of a sold line's amount for returning `quantity` more after `returned`: the
// difference of the cumulative shares, so that returning everything, in any number of
// returns, gives back exactly what was paid.
std::int64_t returned_share(std::int64_t amount, std::int64_t sold, std::int64_t returned, std::int64_t quantity) {
    return round_div(amount * (returned + quantity), sold) - round_div(amount * returned, sold);
}

SaleLine return_line(const SaleLine& sold, std::int64_t quantity) {
    SaleLine back = sold;
    auto share = [&](Cents amount) { return Cents{-returned_share(amount.value, sold.quantity, sold.returned, quantity)}; };
    back.id = 0;
    back.quantity = -quantity;
    back.returns_line_id = sold.id;
    back.line_discount = share(sold.line_discount);
    back.sale_discount = share(sold.sale_discount);
    back.base = share(sold.base);
    back.tax = Cents{};
    for (auto& t : back.taxes) {
        t.base = back.base;
        t.tax = share(t.tax);
        back.tax.value += t.tax.value;
    }
    back.total = Cents{back.base.value + back.tax.value};
    back.returned = 0;
    return back;
}

bool same_code(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// The original's tender a refund goes back to: the same tender, and for a gift card the
// same card (codes compare as accounts.code does, without case).
Refundable* refunded_to(std::vector<Refundable>& tenders, const PaymentRequest& p) {
    for (auto& t : tenders)
        if (t.tender == p.tender && (p.tender != "gift_card" || (p.reference && t.account_code && same_code(*p.reference, *t.account_code))))
            return &t;
    return nullptr;
}

// Refunds go back to what paid the original, none beyond what it has left; store credit to
// the original's customer (or the one they were merged into), or, when the sale had none,
// to the customer the clerk chose. The same rules stand in SQL (0012) for a racing return.
Status check_refunds(const Document& doc, std::vector<Refundable> tenders, const std::optional<customers::Customer>& sale_customer) {
    for (std::size_t k = 0; k < doc.payments.size(); ++k) {
        const PaymentRequest& p = doc.payments[k].request;
        if (p.amount.value >= 0) continue;
        if (p.tender == "store_credit") {
            if (sale_customer && doc.customer && doc.customer->id != sale_customer->id && doc.customer->id != sale_customer->merged_into_id)
                return precondition("customer_id", "store credit from " + doc.original->number + " goes to the customer it was sold to");
            continue;
        }
        Refundable* to = refunded_to(tenders, p);
        if (!to && p.tender == "gift_card")
            return precondition(at("payments", k, "reference"), "a gift card refund goes back to the card that paid " + doc.original->number);
        if (!to) return precondition(at("payments", k, "tender"), "refunds go back to a tender the sale was paid with, or to store credit");
        to->refunded.value -= p.amount.value;
        if (to->refunded.value > to->taken.value)
            return precondition(at("payments", k, "amount_cents"), "only " + money(Cents{to->taken.value - (to->refunded.value + p.amount.value)}) +
                                                                       " of what " + p.tender + " paid is left to refund; refund the rest as store credit");
    }
    return Ok{};
}

}  // namespace

Task<Result<std::vector<Refundable>>> refundable(Context& cx, std::int64_t sale_id) {
    auto found = co_await cx.db.query(sql::refundable_tenders, sale_id);
    if (!found) co_return std::move(found).error();
    std::vector<Refundable> out;
    for (std::size_t i = 0; i < found->rows.size(); ++i) {
        const Row row(*found, i);
        Refundable r;
        r.tender = row.text("tender");
        r.account_id = row.optional_integer("account_id");
        r.account_code = row.optional_text("account_code");
        r.taken = Cents{row.integer("taken_cents")};
        r.refunded = Cents{row.integer("refunded_cents")};
        out.push_back(std::move(r));
    }
    co_return out;
}

std::vector<LineTax> taxes_by_rate(const std::vector<SaleLine>& lines) {
    std::map<std::int64_t, LineTax> by_rate;
    for (const auto& line : lines)
        for (const auto& tax : line.taxes) {
            auto found = by_rate.try_emplace(tax.rate_id, LineTax{tax.rate_id, tax.name, tax.rate_ppm, {}, {}}).first;
            found->second.base.value += tax.base.value;
            found->second.tax.value += tax.tax.value;
        }
    std::vector<LineTax> out;
    for (auto& entry : by_rate) out.push_back(std::move(entry.second));
    return out;
}

Task<Result<Document>> work_out(Context& cx, const SaleRequest& rq, bool for_completion) {
    Document doc;
    doc.business_date = business_date(cx.shop.timezone, cx.now_ms());
    HELM_CO_TRY(doc.settings, co_await load_settings(cx));
    auto register_row = co_await cx.db.query(sql::register_exists, rq.register_id);
    if (!register_row) co_return std::move(register_row).error();
    if (register_row->rows.empty()) co_return invalid("register_id", "there is no register " + std::to_string(rq.register_id));
    if (rq.customer_id) {
        auto customer = co_await customers::load_customer(cx, *rq.customer_id);
        if (!customer || !customer->active())
            co_return invalid("customer_id", "customer " + std::to_string(*rq.customer_id) + " does not exist, or was merged or erased");
        doc.customer = std::move(*customer);
    }
    const bool exempt = doc.customer && doc.customer->tax_exempt;
    HELM_CO_TRY(auto rates, co_await catalog::rates_on(cx, doc.business_date));
    std::vector<std::string> needs;  // permissions this document asks for beyond ringing up a sale

    // The lines rung up.
    std::vector<LineInput> inputs;
    std::map<std::int64_t, std::int64_t> wanted;  // stock product -> units this sale takes
    for (std::size_t i = 0; i < rq.lines.size(); ++i) {
        const LineRequest& l = rq.lines[i];
        SaleLine line;
        line.quantity = l.quantity;
        bool discountable = true;
        std::optional<inventory::SerialUnit> unit;
        if (l.deposit) {
            if (!doc.customer) co_return invalid(at("lines", i, "deposit"), "a deposit is taken for a customer: choose them first");
            if (l.quantity != 1) co_return invalid(at("lines", i, "quantity"), "a deposit line has quantity 1");
            line.kind = "deposit";
            line.description = "Deposit";
            line.tax_class = "exempt";
            line.list_price = line.unit_price = *l.amount;
            discountable = false;
        } else if (l.custom_labor) {
            if (l.quantity < 1) co_return invalid(at("lines", i, "quantity"), "custom labor is sold, not returned without its receipt");
            line.kind = "labor";
            line.description = *l.description;
            line.tax_class = "labor";
            line.list_price = line.unit_price = *l.unit_price;
        } else {
            std::optional<catalog::Product> product;
            if (l.product_id) {
                auto loaded = co_await catalog::load_product(cx, *l.product_id);
                if (!loaded) co_return Error{loaded.error().code, loaded.error().message, at("lines", i, "product_id")};
                product = std::move(*loaded);
            } else {
                HELM_CO_TRY(auto found, co_await catalog::product_by_code(cx, *l.code));
                if (!found) co_return Error{Code::not_found, "no product has the code " + *l.code, at("lines", i, "code")};
                product = std::move(*found);
            }
            const catalog::Product& p = *product;
            if (!p.active) co_return precondition(at("lines", i, "product_id"), p.name + " is no longer sold");
            line.kind = p.kind;
            line.product_id = p.id;
            line.sku = p.sku;
            line.description = p.name;
            if (p.size || p.colour) line.description += " (" + p.size.value_or("") + (p.size && p.colour ? ", " : "") + p.colour.value_or("") + ")";
            line.tax_class = p.tax_class;
            line.list_price = p.price;
            line.unit_price = l.unit_price.value_or(p.price);
            line.unit_cost = p.average_cost;
            discountable = p.discountable;
            if (l.unit_price && l.unit_price->value != p.price.value) {
                if (!l.price_reason) co_return invalid(at("lines", i, "price_reason"), "a price override needs its reason");
                line.price_override_reason = l.price_reason;
                needs.push_back("action.price_override");
            }
            if (p.kind == "gift_card") {
                if (!l.amount || l.unit_price)
                    co_return invalid(at("lines", i, "amount_cents"), "a gift card line names the amount put on the card");
                if (l.quantity != 1) co_return invalid(at("lines", i, "quantity"), "one gift card per line");
                line.list_price = line.unit_price = *l.amount;
                HELM_CO_TRY(line.account_code, co_await code_for_line(cx, l.gift_card_code, at("lines", i, "gift_card_code")));
                discountable = false;
            } else if (l.gift_card_code || l.amount) {
                co_return invalid(at("lines", i, "gift_card_code"), "only a gift card line takes a code and an amount");
            }
            if (l.quantity < 0) {
                if (!doc.settings.receiptless_returns)
                    co_return precondition(at("lines", i, "quantity"), "this shop takes no returns without a receipt");
                if (p.serialized || p.kind == "gift_card")
                    co_return precondition(at("lines", i, "quantity"), "a bike or a gift card is returned from its receipt");
            }
            if (p.serialized && l.quantity > 0) {
                if (!l.serial_unit_id) co_return invalid(at("lines", i, "serial_unit_id"), "choose which " + p.name + " (its serial)");
                if (l.quantity != 1) co_return invalid(at("lines", i, "quantity"), "a bike with a serial is sold one per line");
                if (!doc.customer) co_return invalid("customer_id", "a bike sold by its serial is sold to a customer: choose them first");
                auto loaded = co_await inventory::load_unit(cx, *l.serial_unit_id);
                if (!loaded) co_return Error{loaded.error().code, loaded.error().message, at("lines", i, "serial_unit_id")};
                if (loaded->product_id != p.id)
                    co_return invalid(at("lines", i, "serial_unit_id"), "unit " + std::to_string(loaded->id) + " is not a " + p.name);
                if (loaded->status == "sold") co_return Error{Code::conflict, "unit " + std::to_string(loaded->id) + " is already sold", at("lines", i, "serial_unit_id")};
                line.serial_unit_id = loaded->id;
                line.serial = loaded->serial;
                unit = std::move(*loaded);
            } else if (l.serial_unit_id) {
                co_return invalid(at("lines", i, "serial_unit_id"), p.name + " is not sold by serial");
            } else if (p.kind == "stock" && l.quantity > 0) {
                wanted[p.id] += l.quantity;
                if (wanted[p.id] > p.on_hand)
                    co_return Error{Code::conflict, "only " + std::to_string(p.on_hand) + " of " + p.name + " in stock",
                                    at("lines", i, "quantity")};
            }
        }
        line.line_no = std::int64_t(doc.lines.size() + 1);
        inputs.push_back({l.quantity, line.unit_price, l.discount, discountable, line.tax_class});
        doc.lines.push_back(std::move(line));
        doc.units.push_back(std::move(unit));
        doc.restock.push_back(true);
    }
    HELM_CO_TRY(auto totals, price(inputs, rq.discount, rates, {doc.settings.prices_include_tax, doc.settings.round_per_invoice, exempt}));
    Cents discountable_after_lines, sale_discount;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        SaleLine& line = doc.lines[i];
        const LineAmounts& a = totals.lines[i];
        line.line_discount = a.line_discount;
        line.sale_discount = a.sale_discount;
        line.base = a.base;
        line.tax = a.tax;
        line.total = a.total;
        line.taxes = a.taxes;
        if (over_limit(a.line_discount, a.gross, doc.settings.discount_limit_ppm)) needs.push_back("action.discount_over_limit");
        if (inputs[i].discountable) discountable_after_lines.value += a.gross.value - a.line_discount.value;
        sale_discount.value += a.sale_discount.value;
    }
    if (over_limit(sale_discount, discountable_after_lines, doc.settings.discount_limit_ppm)) needs.push_back("action.discount_over_limit");

    // What comes back, from its receipt.
    if (rq.original_sale_id) {
        if (rq.returns.empty()) co_return invalid("returns", "a return names the receipt's lines that come back");
        auto original = co_await load_sale(cx, *rq.original_sale_id);
        if (!original) co_return Error{original.error().code, original.error().message, "original_sale_id"};
        if (original->kind != "sale" && original->kind != "exchange")
            co_return precondition("original_sale_id", original->number + " is a " + original->kind + ": only what was sold comes back");
        if (original->voided_by_sale_id) co_return precondition("original_sale_id", original->number + " was voided");
        for (std::size_t k = 0; k < rq.returns.size(); ++k) {
            const ReturnRequest& r = rq.returns[k];
            auto sold = std::find_if(original->lines.begin(), original->lines.end(),
                                     [&](const SaleLine& l) { return l.id == r.line_id && l.quantity > 0; });
            if (sold == original->lines.end())
                co_return invalid(at("returns", k, "line_id"), "line " + std::to_string(r.line_id) + " is not a sold line of " + original->number);
            if (sold->kind == "gift_card" || sold->kind == "deposit")
                co_return precondition(at("returns", k, "line_id"), "a gift card or deposit is not returned: its balance stays on it");
            const std::int64_t left = sold->quantity - sold->returned;
            if (r.quantity > left)
                co_return precondition(at("returns", k, "quantity"),
                                       "only " + std::to_string(left) + " of " + sold->description + " can still be returned");
            SaleLine back = return_line(*sold, r.quantity);
            back.returned = 0;
            std::optional<inventory::SerialUnit> unit;
            if (sold->serial_unit_id) {
                HELM_CO_TRY(auto loaded, co_await inventory::load_unit(cx, *sold->serial_unit_id));
                unit = std::move(loaded);
            }
            back.line_no = std::int64_t(doc.lines.size() + 1);
            doc.lines.push_back(std::move(back));
            doc.units.push_back(std::move(unit));
            doc.restock.push_back(r.restock);
            // A second return of the same line in one request continues from this one.
            sold->returned += r.quantity;
        }
        doc.original = std::move(*original);
        needs.push_back("action.refund");
    }
    const bool takes_back = std::any_of(doc.lines.begin(), doc.lines.end(), [](const SaleLine& l) { return l.quantity < 0; });
    const bool sells = std::any_of(doc.lines.begin(), doc.lines.end(), [](const SaleLine& l) { return l.quantity > 0; });
    if (doc.lines.empty()) co_return invalid("lines", "a sale needs at least one line");
    if (takes_back && sells && !doc.original) co_return precondition("lines", "an exchange starts from the receipt of what comes back");
    doc.kind = takes_back ? (sells ? "exchange" : "return") : "sale";
    if (takes_back && !rq.reason) co_return invalid("reason", "say why the items come back");
    if (takes_back && !doc.original) needs.push_back("action.refund");

    for (const auto& line : doc.lines) {
        doc.gross.value += line.quantity * line.unit_price.value;
        doc.discount.value += line.line_discount.value + line.sale_discount.value;
        doc.subtotal.value += line.base.value;
        doc.tax.value += line.tax.value;
        doc.total.value += line.total.value;
    }
    doc.taxes = taxes_by_rate(doc.lines);

    // How it is paid, or refunded.
    for (std::size_t k = 0; k < rq.payments.size(); ++k) {
        const PaymentRequest& p = rq.payments[k];
        PlannedPayment planned{p, {}, {}, {}};
        const bool refund = p.amount.value < 0;
        if (refund != (doc.total.value < 0))
            co_return invalid(at("payments", k, "amount_cents"), doc.total.value < 0 ? "this document refunds: its payments are negative"
                                                                                       : "a sale's payments are positive");
        if (refund && p.tender != "store_credit" && !doc.original)
            co_return precondition(at("payments", k, "tender"), "a return without receipt is refunded as store credit only");
        if (p.tender == "cash") {
            if (!refund) {
                const Cents tendered = p.tendered.value_or(p.amount);
                if (tendered.value < p.amount.value) co_return invalid(at("payments", k, "tendered_cents"), "less cash was handed over than this payment");
                planned.change = Cents{tendered.value - p.amount.value};
                planned.request.tendered = tendered;
            } else if (p.tendered) {
                co_return invalid(at("payments", k, "tendered_cents"), "a cash refund is not tendered");
            }
            auto drawer = co_await cx.db.query(sql::open_drawer, rq.register_id);
            if (!drawer) co_return std::move(drawer).error();
            if (drawer->rows.empty()) co_return precondition(at("payments", k, "tender"), "open the cash drawer before taking cash");
        } else if (p.tender == "card" && !refund && !p.reference) {
            co_return invalid(at("payments", k, "reference"), "a card payment records the terminal's reference");
        } else if (p.tender == "gift_card" || p.tender == "store_credit" || p.tender == "deposit") {
            planned.account_kind = p.tender;
            if (p.tender == "gift_card") {
                if (!p.reference) co_return invalid(at("payments", k, "reference"), "a gift card payment names the card's code");
                planned.account_code = p.reference;
            } else if (!doc.customer) {
                co_return invalid("customer_id", p.tender == "deposit" ? "a deposit belongs to a customer: choose them first"
                                                                        : "store credit belongs to a customer: choose them first");
            }
            if (!refund) {
                // A gift card's balance is asked for by its code: counted, so codes cannot be guessed.
                std::optional<std::int64_t> lookup;
                if (p.tender == "gift_card") {
                    HELM_CO_TRY(auto reserved, co_await reserve_card_lookup(cx, at("payments", k, "reference")));
                    lookup = reserved;
                }
                auto balance = co_await cx.db.query(sql::account_balance, p.tender, nullable(planned.account_code),
                                                    doc.customer ? Value(doc.customer->id) : Value(nullptr));
                if (!balance) co_return std::move(balance).error();
                const std::int64_t has = balance->rows.empty() ? 0 : Row(*balance, 0).integer("balance_cents");
                if (balance->rows.empty() && p.tender == "gift_card")
                    co_return Error{Code::not_found, "no gift card has that code", at("payments", k, "reference")};
                if (lookup) {
                    HELM_CO_TRY(std::ignore, co_await card_lookup_found(cx, *lookup));
                }
                if (has < p.amount.value)
                    co_return precondition(at("payments", k, "amount_cents"), "only " + money(Cents{has}) + " is on the " +
                                                                                  (p.tender == "gift_card" ? "gift card" : p.tender == "deposit" ? "deposit" : "store credit"));
            }
        }
        doc.paid.value += p.amount.value;
        doc.payments.push_back(std::move(planned));
    }
    if (doc.original && doc.total.value < 0) {
        HELM_CO_TRY(auto tenders, co_await refundable(cx, doc.original->id));
        std::optional<customers::Customer> sale_customer;
        if (doc.original->customer_id) {
            HELM_CO_TRY(auto loaded, co_await customers::load_customer(cx, *doc.original->customer_id));
            sale_customer = std::move(loaded);
        }
        if (auto ok = check_refunds(doc, std::move(tenders), sale_customer); !ok) co_return std::move(ok).error();
    }
    if (for_completion && doc.paid.value != doc.total.value)
        co_return precondition("payments", "the payments come to " + money(doc.paid) + " but the total is " + money(doc.total));

    // Permissions beyond ringing up a sale: the clerk's own, or a manager's PIN.
    std::sort(needs.begin(), needs.end());
    needs.erase(std::unique(needs.begin(), needs.end()), needs.end());
    for (const auto& permission : needs) {
        if (cx.session && cx.session->can(permission)) continue;
        if (!for_completion) continue;  // a quote shows the totals; completing asks for the approval
        if (!rq.approval)
            co_return Error{Code::permission_denied, "this needs a manager's approval (" + permission + "): their staff id and PIN", "approval"};
        HELM_CO_TRY(auto approver, co_await auth::approve_with_pin(cx, rq.approval->staff_id, rq.approval->pin, permission));
        doc.approved_by = approver;
    }
    co_return doc;
}

}  // namespace helm::sales
