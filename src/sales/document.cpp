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
#include "inventory/inventory.hpp"
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
        back.tax += t.tax;
    }
    back.total = back.base + back.tax;
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
Status check_refunds(const Document& doc, std::vector<Refundable> tenders, const std::optional<customers::Customer>& sale_customer,
                     std::string_view currency) {
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
        to->refunded -= p.amount;
        if (to->refunded > to->taken)
            return precondition(at("payments", k, "amount_cents"), "only " + format_money(to->taken - (to->refunded + p.amount), currency) +
                                                                       " of what " + p.tender + " paid is left to refund; refund the rest as store credit");
    }
    return Ok{};
}

std::vector<Refundable> refundable_from(const D1Result& found) {
    std::vector<Refundable> out;
    for (std::size_t i = 0; i < found.rows.size(); ++i) {
        const Row row(found, i);
        Refundable r;
        r.tender = row.text("tender");
        r.account_id = row.optional_integer("account_id");
        r.account_code = row.optional_text("account_code");
        r.taken = Cents{row.integer("taken_cents")};
        r.refunded = Cents{row.integer("refunded_cents")};
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace

Task<Result<std::vector<Refundable>>> refundable(Context& cx, std::int64_t sale_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::refundable_tenders, sale_id));
    co_return refundable_from(found);
}

std::vector<LineTax> taxes_by_rate(const std::vector<SaleLine>& lines) {
    std::map<std::int64_t, LineTax> by_rate;
    for (const auto& line : lines)
        for (const auto& tax : line.taxes) {
            auto found = by_rate.try_emplace(tax.rate_id, LineTax{tax.rate_id, tax.name, tax.rate_ppm, {}, {}}).first;
            found->second.base += tax.base;
            found->second.tax += tax.tax;
        }
    std::vector<LineTax> out;
    for (auto& entry : by_rate) out.push_back(std::move(entry.second));
    return out;
}

namespace {

bool pays_from_account(const PaymentRequest& p) {
    return p.amount.value > 0 && (p.tender == "gift_card" || p.tender == "store_credit" || p.tender == "deposit");
}

// The first batch: what the request names, each read only when it names it.
struct InputReads {
    std::vector<Statement> statements;
    std::optional<std::size_t> customer, products, codes, units, key, original, refundable;
    std::size_t drawer = 0;
    std::vector<std::int64_t> product_ids, unit_ids;
    std::vector<std::string> codes_asked;

    std::size_t add(Statement s) {
        statements.push_back(std::move(s));
        return statements.size() - 1;
    }
};

InputReads input_reads(const SaleRequest& rq, const std::string& business_date, const std::optional<std::string>& key) {
    InputReads r;
    r.add({std::string(sql::settings), {}});
    r.add({std::string(sql::register_by_id), {rq.register_id}});
    r.add(catalog::rates_on_statement(business_date));
    if (rq.customer_id) r.customer = r.add(customers::customer_read(*rq.customer_id));
    for (const auto& l : rq.lines) {
        if (l.deposit || l.custom_labor) continue;
        if (l.product_id) r.product_ids.push_back(*l.product_id);
        else if (l.code) r.codes_asked.push_back(*l.code);
        if (l.serial_unit_id) r.unit_ids.push_back(*l.serial_unit_id);
    }
    if (!r.product_ids.empty()) r.products = r.add(catalog::products_with_ids(r.product_ids));
    if (!r.codes_asked.empty()) r.codes = r.add(catalog::products_with_codes(r.codes_asked));
    if (!r.unit_ids.empty()) r.units = r.add(inventory::units_with_ids(r.unit_ids));
    r.drawer = r.add({std::string(sql::open_drawer), {rq.register_id}});
    if (key) r.key = r.add({std::string(sql::sale_by_key), {*key}});
    if (rq.original_sale_id) {
        for (auto& s : sale_reads(*rq.original_sale_id)) {
            const std::size_t index = r.add(std::move(s));
            if (!r.original) r.original = index;
        }
        r.refundable = r.add({std::string(sql::refundable_tenders), {*rq.original_sale_id}});
    }
    return r;
}

// The product a line names by id or by code, as its inputs read it; null when none.
const catalog::Product* product_named(const SaleInputs& in, const LineRequest& l) {
    if (l.product_id) {
        auto found = in.products.find(*l.product_id);
        return found == in.products.end() ? nullptr : &found->second;
    }
    if (!l.code) return nullptr;
    auto found = in.products_by_code.find(*l.code);
    return found == in.products_by_code.end() ? nullptr : &found->second;
}

Statement balance_read(const PaymentRequest& p, const std::optional<std::int64_t>& customer_id) {
    return {std::string(sql::account_balance),
            {p.tender, p.tender == "gift_card" ? nullable(p.reference) : Value(nullptr), customer_id ? Value(*customer_id) : Value(nullptr)}};
}

}  // namespace

Task<Result<SaleInputs>> load_inputs(Context& cx, const SaleRequest& rq, const std::optional<std::string>& key) {
    SaleInputs in;
    in.business_date = business_date(cx.shop.timezone, cx.now_ms());
    in.currency = cx.shop.currency;
    InputReads reads = input_reads(rq, in.business_date, key);
    HELM_CO_TRY(auto found, co_await cx.db.batch(std::move(reads.statements)));
    in.settings = settings_from(found[0]);
    if (!found[1].rows.empty()) in.register_ = register_from_row(Row(found[1], 0));
    in.rates = catalog::rates_from(found[2]);
    if (reads.customer && !found[*reads.customer].rows.empty()) in.customer = customers::customer_from_row(Row(found[*reads.customer], 0));
    if (reads.products)
        for (std::size_t i = 0; i < found[*reads.products].rows.size(); ++i) {
            auto p = catalog::product_from_row(Row(found[*reads.products], i));
            in.products.emplace(p.id, std::move(p));
        }
    if (reads.codes)
        for (std::size_t i = 0; i < found[*reads.codes].rows.size(); ++i) {
            const Row row(found[*reads.codes], i);
            in.products_by_code.emplace(row.text("asked_code"), catalog::product_from_row(row));
        }
    if (reads.units)
        for (auto& u : inventory::units_from(found[*reads.units])) in.units.emplace(u.id, std::move(u));
    in.drawer_open = !found[reads.drawer].rows.empty();
    if (reads.key && !found[*reads.key].rows.empty()) {
        const Row row(found[*reads.key], 0);
        in.keyed_sale_id = row.integer("id");
        in.keyed_digest = row.optional_text("request_digest");
        co_return in;  // the key's answer stands: nothing else is worked out
    }
    if (reads.original && !found[*reads.original].rows.empty()) {
        std::span<const D1Result> original(found.data() + *reads.original, 4);
        HELM_CO_TRY(auto sale, sale_from(original, *rq.original_sale_id));
        in.original = std::move(sale);
        in.refundable = refundable_from(found[*reads.refundable]);
    }

    // A return's bikes and the customer its receipt was sold to.
    if (in.original) {
        std::vector<Statement> more;
        std::vector<std::int64_t> bikes;
        for (const auto& l : in.original->lines)
            if (l.serial_unit_id) bikes.push_back(*l.serial_unit_id);
        if (!bikes.empty()) more.push_back(inventory::units_with_ids(bikes));
        if (in.original->customer_id) more.push_back(customers::customer_read(*in.original->customer_id));
        if (!more.empty()) {
            HELM_CO_TRY(auto also, co_await cx.db.batch(std::move(more)));
            if (!bikes.empty())
                for (auto& u : inventory::units_from(also.front())) in.units.emplace(u.id, std::move(u));
            if (in.original->customer_id && !also.back().rows.empty()) in.sale_customer = customers::customer_from_row(Row(also.back(), 0));
        }
    }

    // Accounts that pay: a gift card's code is looked up only once this device may look up
    // another (counted, so codes cannot be guessed), and a found one no longer counts.
    in.balances.resize(rq.payments.size());
    std::vector<std::optional<std::int64_t>> lookups(rq.payments.size());
    std::vector<Statement> balances;
    std::vector<std::size_t> paying;
    for (std::size_t k = 0; k < rq.payments.size(); ++k) {
        const PaymentRequest& p = rq.payments[k];
        if (!pays_from_account(p) || (p.tender == "gift_card" && !p.reference)) continue;
        if (p.tender == "gift_card") {
            HELM_CO_TRY(auto reserved, co_await reserve_card_lookup(cx, at("payments", k, "reference")));
            lookups[k] = reserved;
        }
        balances.push_back(balance_read(p, rq.customer_id));
        paying.push_back(k);
    }
    if (!balances.empty()) {
        HELM_CO_TRY(auto read, co_await cx.db.batch(std::move(balances)));
        for (std::size_t j = 0; j < paying.size(); ++j) {
            const std::size_t k = paying[j];
            if (read[j].rows.empty()) continue;
            in.balances[k] = Row(read[j], 0).integer("balance_cents");
            if (lookups[k]) {
                HELM_CO_TRY(std::ignore, co_await card_lookup_found(cx, *lookups[k]));
            }
        }
    }

    // The code each gift card line loads: made here, or a typed one checked.
    in.card_codes.resize(rq.lines.size());
    for (std::size_t i = 0; i < rq.lines.size(); ++i) {
        const LineRequest& l = rq.lines[i];
        const catalog::Product* p = product_named(in, l);
        if (!p || p->kind != "gift_card" || l.deposit || l.custom_labor || !l.amount || l.unit_price || l.quantity != 1) continue;
        HELM_CO_TRY(in.card_codes[i], co_await code_for_line(cx, l.gift_card_code, at("lines", i, "gift_card_code")));
    }
    co_return in;
}

Result<Document> work_out(const SaleInputs& in, const SaleRequest& rq, const std::optional<Session>& session, bool for_completion) {
    Document doc;
    doc.business_date = in.business_date;
    doc.settings = in.settings;
    if (!in.register_) return invalid("register_id", "there is no register " + std::to_string(rq.register_id));
    if (rq.customer_id) {
        if (!in.customer || !in.customer->active())
            return invalid("customer_id", "customer " + std::to_string(*rq.customer_id) + " does not exist, or was merged or erased");
        doc.customer = in.customer;
    }
    const bool exempt = doc.customer && doc.customer->tax_exempt;
    std::vector<std::string>& needs = doc.needs;  // permissions this document asks for beyond ringing up a sale

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
            if (!doc.customer) return invalid(at("lines", i, "deposit"), "a deposit is taken for a customer: choose them first");
            if (l.quantity != 1) return invalid(at("lines", i, "quantity"), "a deposit line has quantity 1");
            line.kind = "deposit";
            line.description = "Deposit";
            line.tax_class = "exempt";
            line.list_price = line.unit_price = *l.amount;
            discountable = false;
        } else if (l.custom_labor) {
            if (l.quantity < 1) return invalid(at("lines", i, "quantity"), "custom labor is sold, not returned without its receipt");
            line.kind = "labor";
            line.description = *l.description;
            line.tax_class = "labor";
            line.list_price = line.unit_price = *l.unit_price;
        } else {
            const catalog::Product* product = product_named(in, l);
            if (!product && l.product_id)
                return Error{Code::not_found, "product " + std::to_string(*l.product_id) + " not found", at("lines", i, "product_id")};
            if (!product) return Error{Code::not_found, "no product has the code " + l.code.value_or(""), at("lines", i, "code")};
            const catalog::Product& p = *product;
            if (!p.active) return precondition(at("lines", i, "product_id"), p.name + " is no longer sold");
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
                if (!l.price_reason) return invalid(at("lines", i, "price_reason"), "a price override needs its reason");
                line.price_override_reason = l.price_reason;
                needs.push_back("action.price_override");
            }
            if (p.kind == "gift_card") {
                if (!l.amount || l.unit_price) return invalid(at("lines", i, "amount_cents"), "a gift card line names the amount put on the card");
                if (l.quantity != 1) return invalid(at("lines", i, "quantity"), "one gift card per line");
                line.list_price = line.unit_price = *l.amount;
                line.account_code = in.card_codes.at(i);
                discountable = false;
            } else if (l.gift_card_code || l.amount) {
                return invalid(at("lines", i, "gift_card_code"), "only a gift card line takes a code and an amount");
            }
            if (l.quantity < 0) {
                if (!doc.settings.receiptless_returns) return precondition(at("lines", i, "quantity"), "this shop takes no returns without a receipt");
                if (p.serialized || p.kind == "gift_card")
                    return precondition(at("lines", i, "quantity"), "a bike or a gift card is returned from its receipt");
            }
            if (p.serialized && l.quantity > 0) {
                if (!l.serial_unit_id) return invalid(at("lines", i, "serial_unit_id"), "choose which " + p.name + " (its serial)");
                if (l.quantity != 1) return invalid(at("lines", i, "quantity"), "a bike with a serial is sold one per line");
                if (!doc.customer) return invalid("customer_id", "a bike sold by its serial is sold to a customer: choose them first");
                auto found = in.units.find(*l.serial_unit_id);
                if (found == in.units.end())
                    return inventory::unit_not_found(*l.serial_unit_id, at("lines", i, "serial_unit_id"));
                const inventory::SerialUnit& u = found->second;
                if (u.product_id != p.id) return invalid(at("lines", i, "serial_unit_id"), "unit " + std::to_string(u.id) + " is not a " + p.name);
                if (u.status == "sold") return Error{Code::conflict, "unit " + std::to_string(u.id) + " is already sold", at("lines", i, "serial_unit_id")};
                line.serial_unit_id = u.id;
                line.serial = u.serial;
                unit = u;
            } else if (l.serial_unit_id) {
                return invalid(at("lines", i, "serial_unit_id"), p.name + " is not sold by serial");
            } else if (p.kind == "stock" && l.quantity > 0) {
                wanted[p.id] += l.quantity;
                if (wanted[p.id] > p.on_hand)
                    return Error{Code::conflict, "only " + std::to_string(p.on_hand) + " of " + p.name + " in stock", at("lines", i, "quantity")};
            }
        }
        line.line_no = std::int64_t(doc.lines.size() + 1);
        inputs.push_back({l.quantity, line.unit_price, l.discount, discountable, line.tax_class});
        doc.lines.push_back(std::move(line));
        doc.units.push_back(std::move(unit));
        doc.restock.push_back(true);
    }
    HELM_TRY(auto totals, price(inputs, rq.discount, in.rates, {doc.settings.prices_include_tax, doc.settings.round_per_invoice, exempt}));
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
        if (inputs[i].discountable) discountable_after_lines += a.gross - a.line_discount;
        sale_discount += a.sale_discount;
    }
    if (over_limit(sale_discount, discountable_after_lines, doc.settings.discount_limit_ppm)) needs.push_back("action.discount_over_limit");

    // What comes back, from its receipt.
    if (rq.original_sale_id) {
        if (rq.returns.empty()) return invalid("returns", "a return names the receipt's lines that come back");
        if (!in.original) return Error{Code::not_found, "sale " + std::to_string(*rq.original_sale_id) + " not found", "original_sale_id"};
        Sale original = *in.original;
        if (original.kind != "sale" && original.kind != "exchange")
            return precondition("original_sale_id", original.number + " is a " + original.kind + ": only what was sold comes back");
        if (original.voided_by_sale_id) return precondition("original_sale_id", original.number + " was voided");
        for (std::size_t k = 0; k < rq.returns.size(); ++k) {
            const ReturnRequest& r = rq.returns[k];
            auto sold = std::find_if(original.lines.begin(), original.lines.end(), [&](const SaleLine& l) { return l.id == r.line_id && l.quantity > 0; });
            if (sold == original.lines.end())
                return invalid(at("returns", k, "line_id"), "line " + std::to_string(r.line_id) + " is not a sold line of " + original.number);
            if (sold->kind == "gift_card" || sold->kind == "deposit")
                return precondition(at("returns", k, "line_id"), "a gift card or deposit is not returned: its balance stays on it");
            const std::int64_t left = sold->quantity - sold->returned;
            if (r.quantity > left)
                return precondition(at("returns", k, "quantity"), "only " + std::to_string(left) + " of " + sold->description + " can still be returned");
            SaleLine back = return_line(*sold, r.quantity);
            back.returned = 0;
            std::optional<inventory::SerialUnit> unit;
            if (sold->serial_unit_id) {
                auto found = in.units.find(*sold->serial_unit_id);
                if (found == in.units.end()) return inventory::unit_not_found(*sold->serial_unit_id);
                unit = found->second;
            }
            back.line_no = std::int64_t(doc.lines.size() + 1);
            doc.lines.push_back(std::move(back));
            doc.units.push_back(std::move(unit));
            doc.restock.push_back(r.restock);
            // A second return of the same line in one request continues from this one.
            sold->returned += r.quantity;
        }
        doc.original = std::move(original);
        needs.push_back("action.refund");
    }
    const bool takes_back = std::any_of(doc.lines.begin(), doc.lines.end(), [](const SaleLine& l) { return l.quantity < 0; });
    const bool sells = std::any_of(doc.lines.begin(), doc.lines.end(), [](const SaleLine& l) { return l.quantity > 0; });
    if (doc.lines.empty()) return invalid("lines", "a sale needs at least one line");
    if (takes_back && sells && !doc.original) return precondition("lines", "an exchange starts from the receipt of what comes back");
    doc.kind = takes_back ? (sells ? "exchange" : "return") : "sale";
    if (takes_back && !rq.reason) return invalid("reason", "say why the items come back");
    if (takes_back && !doc.original) needs.push_back("action.refund");

    for (const auto& line : doc.lines) {
        doc.gross += line.unit_price * line.quantity;
        doc.discount += line.line_discount + line.sale_discount;
        doc.subtotal += line.base;
        doc.tax += line.tax;
        doc.total += line.total;
    }
    doc.taxes = taxes_by_rate(doc.lines);

    // How it is paid, or refunded.
    for (std::size_t k = 0; k < rq.payments.size(); ++k) {
        const PaymentRequest& p = rq.payments[k];
        PlannedPayment planned{p, {}, {}, {}};
        const bool refund = p.amount.value < 0;
        if (refund != (doc.total.value < 0))
            return invalid(at("payments", k, "amount_cents"), doc.total.value < 0 ? "this document refunds: its payments are negative"
                                                                                  : "a sale's payments are positive");
        if (refund && p.tender != "store_credit" && !doc.original)
            return precondition(at("payments", k, "tender"), "a return without receipt is refunded as store credit only");
        if (p.tender == "cash") {
            if (!refund) {
                const Cents tendered = p.tendered.value_or(p.amount);
                if (tendered < p.amount) return invalid(at("payments", k, "tendered_cents"), "less cash was handed over than this payment");
                planned.change = tendered - p.amount;
                planned.request.tendered = tendered;
            } else if (p.tendered) {
                return invalid(at("payments", k, "tendered_cents"), "a cash refund is not tendered");
            }
            if (!in.drawer_open) return precondition(at("payments", k, "tender"), "open the cash drawer before taking cash");
        } else if (p.tender == "card" && !refund && !p.reference) {
            return invalid(at("payments", k, "reference"), "a card payment records the terminal's reference");
        } else if (p.tender == "gift_card" || p.tender == "store_credit" || p.tender == "deposit") {
            planned.account_kind = p.tender;
            if (p.tender == "gift_card") {
                if (!p.reference) return invalid(at("payments", k, "reference"), "a gift card payment names the card's code");
                planned.account_code = p.reference;
            } else if (!doc.customer) {
                return invalid("customer_id", p.tender == "deposit" ? "a deposit belongs to a customer: choose them first"
                                                                     : "store credit belongs to a customer: choose them first");
            }
            if (!refund) {
                const std::optional<std::int64_t>& balance = in.balances.at(k);
                if (!balance && p.tender == "gift_card") return Error{Code::not_found, "no gift card has that code", at("payments", k, "reference")};
                const std::int64_t has = balance.value_or(0);
                if (has < p.amount.value)
                    return precondition(at("payments", k, "amount_cents"), "only " + format_money(Cents{has}, in.currency) + " is on the " +
                                                                               (p.tender == "gift_card" ? "gift card" : p.tender == "deposit" ? "deposit" : "store credit"));
            }
        }
        doc.paid += p.amount;
        doc.payments.push_back(std::move(planned));
    }
    if (doc.original && doc.total.value < 0)
        if (auto ok = check_refunds(doc, in.refundable, in.sale_customer, in.currency); !ok) return std::move(ok).error();
    if (for_completion && doc.paid != doc.total)
        return precondition("payments", "the payments come to " + format_money(doc.paid, in.currency) + " but the total is " +
                                            format_money(doc.total, in.currency));

    // Permissions beyond ringing up a sale that the clerk lacks: a completion asks for a
    // manager's PIN (approve), a quote shows the totals.
    std::sort(needs.begin(), needs.end());
    needs.erase(std::unique(needs.begin(), needs.end()), needs.end());
    std::erase_if(needs, [&](const std::string& permission) { return session && session->can(permission); });
    return doc;
}

Task<Status> approve(Context& cx, Document& doc, const SaleRequest& rq) {
    for (const auto& permission : doc.needs) {
        if (!rq.approval)
            co_return Error{Code::permission_denied, "this needs a manager's approval (" + permission + "): their staff id and PIN", "approval"};
        HELM_CO_TRY(auto approver, co_await auth::approve_with_pin(cx, rq.approval->staff_id, rq.approval->pin, permission));
        doc.approved_by = approver;
    }
    co_return Ok{};
}

}  // namespace helm::sales
