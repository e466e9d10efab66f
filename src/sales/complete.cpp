// Completing a document: every row it writes, in ONE audited batch whose guards live in
// SQL (stock levels and account balances that may not go below zero, a unit's status and
// version, the over-return trigger, the held cart's version, the idempotency key).
#include <cstdio>
#include <span>
#include <tuple>

#include "audit/audit.hpp"
#include "bindings/db_errors.hpp"
#include "core/fields.hpp"
#include "core/guard.hpp"
#include "core/hex.hpp"
#include "core/sha256.hpp"
#include "core/time.hpp"
#include "customers/customers.hpp"
#include "sales/document.hpp"
#include "sales/sales_sql.hpp"

namespace helm::sales {
namespace {

std::string sale_number(std::int64_t id) {
    char text[24];
    std::snprintf(text, sizeof text, "S-%05lld", static_cast<long long>(id));
    return text;
}

Json line_row(const SaleLine& l) {
    auto optional = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
    return {{"line_no", l.line_no},
            {"kind", l.kind},
            {"product_id", optional(l.product_id)},
            {"sku", optional(l.sku)},
            {"description", l.description},
            {"tax_class", l.tax_class},
            {"quantity", l.quantity},
            {"list_price", l.list_price.value},
            {"unit_price", l.unit_price.value},
            {"price_reason", optional(l.price_override_reason)},
            {"line_discount", l.line_discount.value},
            {"sale_discount", l.sale_discount.value},
            {"base", l.base.value},
            {"tax", l.tax.value},
            {"total", l.total.value},
            {"unit_cost", l.unit_cost.value},
            {"serial_unit_id", optional(l.serial_unit_id)},
            {"account_code", optional(l.account_code)},
            {"returns_line_id", optional(l.returns_line_id)}};
}

struct Written {
    std::int64_t id = 0;
    std::string number;
};

// Money onto (positive) or off (negative) an account, opening it the first time.
void move_account(std::vector<Statement>& out, std::int64_t sale_id, std::string_view kind, const std::optional<std::string>& code,
                  Value customer, std::int64_t amount, std::int64_t at) {
    if (amount > 0) out.push_back({std::string(sql::open_account), {std::string(kind), customer, nullable(code), at}});
    out.push_back({std::string(sql::insert_account_entry), {sale_id, std::string(kind), nullable(code), customer, amount, at}});
}

// Every statement of a document, in order: the head, its lines and taxes, stock, units
// and the customer's bikes, accounts, payments, and the held cart it came from.
Result<std::vector<Statement>> document_statements(Context& cx, const Document& doc, const Written& w, const SaleRequest& rq,
                                                   const std::string& digest) {
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    const Value customer = doc.customer ? Value(doc.customer->id) : Value(nullptr);
    std::vector<Statement> out;
    out.push_back({std::string(sql::insert_sale),
                   {w.id, w.number, doc.kind, doc.original ? Value(doc.original->id) : Value(nullptr), rq.register_id, staff,
                    nullable(doc.approved_by), customer,
                    doc.customer && doc.customer->tax_exempt ? nullable(doc.customer->tax_exempt_reference) : Value(nullptr),
                    doc.business_date, std::int64_t(doc.settings.prices_include_tax), doc.settings.round_per_invoice ? "invoice" : "line",
                    doc.subtotal.value, doc.discount.value, doc.tax.value, doc.total.value, nullable(rq.note), nullable(rq.reason),
                    rq.idempotency_key, at, nullable(rq.work_order_id), digest}});
    Json lines = Json::array(), taxes = Json::array();
    std::vector<inventory::StockMove> stock;
    const std::string stock_reason = doc.kind == "void" ? "void" : "";
    for (std::size_t i = 0; i < doc.lines.size(); ++i) {
        const SaleLine& l = doc.lines[i];
        lines.push_back(line_row(l));
        for (const auto& t : l.taxes)
            taxes.push_back({{"line_no", l.line_no}, {"rate_id", t.rate_id}, {"name", t.name}, {"rate_ppm", t.rate_ppm},
                             {"base", t.base.value}, {"tax", t.tax.value}});
        if (doc.units[i]) {
            // A bike moves by its own guarded status change, with its ledger row.
            const std::string to = doc.kind == "void" ? "in_stock" : l.quantity > 0 ? "sold" : "returned";
            HELM_TRY(auto moved, inventory::unit_move_statements(*doc.units[i], to, w.number, staff, at));
            for (auto& s : moved) out.push_back(std::move(s));
            if (to == "sold" && doc.customer) {
                customers::SoldBike bike;
                bike.customer_id = doc.customer->id;
                bike.serial_unit_id = doc.units[i]->id;
                bike.model = doc.units[i]->product_name;
                bike.frame_serial = doc.units[i]->serial;
                for (auto& s : customers::sold_bike_statements(bike, at)) out.push_back(std::move(s));
            }
        } else if (l.kind == "stock" && doc.restock[i]) {
            stock.push_back({*l.product_id, -l.quantity, !stock_reason.empty() ? stock_reason : l.quantity > 0 ? "sale" : "return"});
        }
        if (l.kind == "gift_card") move_account(out, w.id, "gift_card", l.account_code, nullptr, l.total.value, at);
        if (l.kind == "deposit") move_account(out, w.id, "deposit", std::nullopt, customer, l.total.value, at);
    }
    out.insert(out.begin() + 1, Statement{std::string(sql::insert_lines), {w.id, to_text(lines)}});
    if (!taxes.empty()) out.insert(out.begin() + 2, Statement{std::string(sql::insert_line_taxes), {w.id, to_text(taxes)}});
    if (!stock.empty()) out.push_back(inventory::stock_move_statement(stock, w.number, staff, at));
    for (const auto& p : doc.payments) {
        const auto& r = p.request;
        if (p.account_kind) move_account(out, w.id, *p.account_kind, p.account_code, customer, -r.amount.value, at);
        out.push_back({std::string(sql::insert_payment),
                       {w.id, nullable(p.account_kind), nullable(p.account_code), customer, r.amount.value, nullptr, r.tender,
                        r.tendered ? Value(r.tendered->value) : Value(nullptr), p.change.value,
                        nullable(r.reference), rq.register_id}});
    }
    if (rq.draft_id) {
        out.push_back({std::string(sql::remove_draft), {*rq.draft_id, *rq.draft_version}});
        out.push_back(expect_changes(1));
    }
    for (auto& read : sale_reads(w.id)) out.push_back(std::move(read));  // the answer, read back in the same batch
    return out;
}

Json event_after(const Document& doc, const Written& w) {
    Json payments = Json::array();
    bool store_credit_refund = false;
    for (const auto& p : doc.payments) {
        payments.push_back({{"tender", p.request.tender}, {"amount_cents", p.request.amount.value}});
        store_credit_refund = store_credit_refund || (p.request.tender == "store_credit" && p.request.amount.value < 0);
    }
    Json event = {{"number", w.number},
            {"kind", doc.kind},
            {"business_date", doc.business_date},
            {"original_sale_id", doc.original ? Json(doc.original->id) : Json(nullptr)},
            {"customer_id", doc.customer ? Json(doc.customer->id) : Json(nullptr)},
            {"approved_by_staff_id", doc.approved_by ? Json(*doc.approved_by) : Json(nullptr)},
            {"lines", doc.lines.size()},
            {"subtotal_cents", doc.subtotal.value},
            {"tax_cents", doc.tax.value},
            {"total_cents", doc.total.value},
            {"payments", std::move(payments)}};
    // Whose store credit a refund became: the sale's customer, or the one the clerk chose.
    if (store_credit_refund && doc.customer) event["store_credit_to"] = doc.customer->id;
    return event;
}

// What a refused batch means to the clerk: which guard stopped it. The error table
// (bindings/db_errors.cpp) words the sale's own guards; here a shortage or a guarded row is
// another request's doing.
Error refusal(Error e) {
    if (raised(e, reason::stock_short))
        return {Code::conflict, "not enough stock: another sale took it meanwhile; nothing was written", "lines"};
    if (is_unmet_expectation(e))
        return {Code::conflict, "a bike or the held sale was changed by someone else meanwhile; reload and try again", "lines"};
    return e;
}

Error key_reused() {
    return {Code::conflict, "this idempotency_key was already used for another request: a new request needs a new key", "idempotency_key",
            "idempotency_key_reused"};
}

// What a key is stored with: the kind of request and its body, canonical (nlohmann's
// objects keep their keys sorted), as a SHA-256. A retry sends the same and gets the first
// answer; anything else under the same key is refused.
std::string request_digest(std::string_view kind, const Json& body) { return sha256_hex(std::string(kind) + "\n" + to_text(body)); }

// The request as its digest sees it: the cart, the held sale it completes, who approved it
// (not their PIN).
Json completion_image(const SaleRequest& rq) {
    Json j = sale_request_json(rq);
    if (rq.draft_id) j["draft"] = Json::array({*rq.draft_id, *rq.draft_version});
    if (rq.approval) j["approved_by"] = rq.approval->staff_id;
    return j;
}

Json void_image(std::int64_t sale_id, const std::string& reason) { return {{"sale_id", sale_id}, {"reason", reason}}; }

// The document a key already wrote, when the request is the one it was written for: the one
// place that decides what a key answers. Documents from before 0012 have no digest.
Task<Result<Sale>> keyed_sale(Context& cx, std::int64_t id, const std::optional<std::string>& stored, const std::string& digest) {
    if (stored && *stored != digest) co_return key_reused();
    co_return co_await load_sale(cx, id);
}

Task<Result<std::optional<Sale>>> sale_with_key(Context& cx, const std::string& key, const std::string& digest) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::sale_by_key, key));
    if (found.rows.empty()) co_return std::optional<Sale>{};
    const Row row(found, 0);
    HELM_CO_TRY(auto sale, co_await keyed_sale(cx, row.integer("id"), row.optional_text("request_digest"), digest));
    co_return std::optional<Sale>{std::move(sale)};
}

// Writes a worked-out document, or answers the one its key already wrote.
Task<Result<Completed>> write(Context& cx, const Document& doc, const SaleRequest& rq, const std::string& digest) {
    Written w;
    // The next number is read afresh with the chain's head on every attempt: another
    // document may have taken it.
    auto written = co_await audit::commit_new(cx, sql::next_sale_id, [&](std::int64_t id) -> Result<audit::Change> {
        w.id = id;
        w.number = sale_number(w.id);
        HELM_TRY(auto statements, document_statements(cx, doc, w, rq, digest));
        return audit::Change{std::move(statements), {"sale." + doc.kind, "sale", std::to_string(w.id), nullptr, event_after(doc, w)}};
    });
    if (!written) {
        // The same key completed meanwhile (a retry that raced its first try): its result stands.
        if (written.error().field == "idempotency_key") {
            HELM_CO_TRY(auto first, co_await sale_with_key(cx, rq.idempotency_key, digest));
            if (first) co_return Completed{std::move(*first), true};
        }
        co_return refusal(std::move(written).error());
    }
    constexpr std::size_t read_back = 4;  // sale_reads, at the batch's end
    HELM_CO_TRY(auto sale, sale_from(std::span<const D1Result>(*written).last(read_back), w.id));
    co_return Completed{std::move(sale), false};
}

Status check_key(const std::string& key) {
    if (key.empty()) return invalid("idempotency_key", "a completion carries an idempotency_key, made once per attempt by the client");
    return Ok{};
}

}  // namespace

Result<Quote> quote_from(const SaleInputs& in, const SaleRequest& rq, const std::optional<Session>& session) {
    HELM_TRY(auto doc, work_out(in, rq, session, false));
    Quote q;
    q.lines = std::move(doc.lines);
    q.totals.gross = doc.gross;
    q.totals.discount = doc.discount;
    q.totals.subtotal = doc.subtotal;
    q.totals.tax = doc.tax;
    q.totals.total = doc.total;
    q.totals.by_rate = std::move(doc.taxes);
    q.paid = doc.paid;
    q.due = doc.total - doc.paid;
    return q;
}

Task<Result<Quote>> quote(Context& cx, const SaleRequest& rq) {
    HELM_CO_TRY(auto in, co_await load_inputs(cx, rq, std::nullopt));
    co_return quote_from(in, rq, cx.session);
}

Task<Result<Completed>> complete(Context& cx, const SaleRequest& rq) {
    if (auto ok = check_key(rq.idempotency_key); !ok) co_return std::move(ok).error();
    const std::string digest = request_digest("sale", completion_image(rq));
    HELM_CO_TRY(auto in, co_await load_inputs(cx, rq, rq.idempotency_key));
    if (in.keyed_sale_id) {
        HELM_CO_TRY(auto first, co_await keyed_sale(cx, *in.keyed_sale_id, in.keyed_digest, digest));
        co_return Completed{std::move(first), true};
    }
    HELM_CO_TRY(auto doc, work_out(in, rq, cx.session, true));
    HELM_CO_TRY(std::ignore, co_await approve(cx, doc, rq));
    co_return co_await write(cx, doc, rq, digest);
}

Task<Result<Completed>> void_sale(Context& cx, std::int64_t sale_id, std::string reason, std::string idempotency_key) {
    if (auto ok = check_key(idempotency_key); !ok) co_return std::move(ok).error();
    if (auto ok = check_typed_text("reason", reason, 200); !ok) co_return std::move(ok).error();
    if (reason.size() < 3) co_return invalid("reason", "say why the sale is voided");
    const std::string digest = request_digest("void", void_image(sale_id, reason));
    // The sale, its bikes and its customer, with the key's answer and the settings: read as
    // a return's receipt is (load_inputs), in two round trips whatever the sale holds.
    SaleRequest asked;
    asked.original_sale_id = sale_id;
    HELM_CO_TRY(auto in, co_await load_inputs(cx, asked, idempotency_key));
    if (in.keyed_sale_id) {
        HELM_CO_TRY(auto first, co_await keyed_sale(cx, *in.keyed_sale_id, in.keyed_digest, digest));
        co_return Completed{std::move(first), true};
    }
    if (!in.original) co_return sale_not_found(sale_id);
    Sale sale = std::move(*in.original);
    if (sale.kind != "sale") co_return Error{Code::failed_precondition, sale.number + " is a " + sale.kind + ": only a sale is voided", "id"};
    if (sale.voided_by_sale_id) co_return Error{Code::conflict, sale.number + " is already voided", "id"};
    Document doc;
    doc.kind = "void";
    doc.business_date = in.business_date;
    if (sale.business_date != doc.business_date)
        co_return Error{Code::failed_precondition, sale.number + " is from " + sale.business_date + ": only today's sales are voided; return it instead", "id"};
    doc.settings = in.settings;
    doc.settings.prices_include_tax = sale.prices_include_tax;
    doc.settings.round_per_invoice = sale.tax_rounding == "invoice";
    doc.customer = std::move(in.sale_customer);
    // Every line, amount and tender undone exactly: the void is the sale's mirror.
    for (const auto& l : sale.lines) {
        SaleLine back = l;
        back.quantity = -l.quantity;
        for (Cents* c : {&back.line_discount, &back.sale_discount, &back.base, &back.tax, &back.total}) *c = -*c;
        for (auto& t : back.taxes) t.base = -t.base, t.tax = -t.tax;
        std::optional<inventory::SerialUnit> unit;
        if (l.serial_unit_id) {
            auto loaded = in.units.find(*l.serial_unit_id);
            if (loaded == in.units.end()) co_return inventory::unit_not_found(*l.serial_unit_id);
            unit = loaded->second;
        }
        doc.lines.push_back(std::move(back));
        doc.units.push_back(std::move(unit));
        doc.restock.push_back(true);
    }
    for (const auto& p : sale.payments) {
        PlannedPayment undo{{p.tender, -p.amount, std::nullopt, p.reference}, {}, {}, {}};
        if (p.tender == "gift_card") undo.account_code = p.reference;
        if (p.tender == "gift_card" || p.tender == "store_credit" || p.tender == "deposit") undo.account_kind = p.tender;
        doc.payments.push_back(std::move(undo));
    }
    doc.subtotal = -sale.subtotal;
    doc.discount = -sale.discount;
    doc.tax = -sale.tax;
    doc.total = -sale.total;
    doc.original = std::move(sale);
    SaleRequest rq;
    rq.idempotency_key = std::move(idempotency_key);
    rq.register_id = doc.original->register_id;
    rq.reason = std::move(reason);
    rq.work_order_id = doc.original->work_order_id;  // a voided deposit is no longer held for the ticket
    co_return co_await write(cx, doc, rq, digest);
}

}  // namespace helm::sales
