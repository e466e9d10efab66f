// A ticket's money: what its lines come to, its deposits, and invoicing, which puts it on
// the register as a held sale. Paying that sale there is what takes the parts off the
// shelf and picks the ticket up (the register's batch, and the schema's trigger).
#include <algorithm>

#include "audit/audit.hpp"
#include "core/guard.hpp"
#include "sales/drafts.hpp"
#include "service/lifecycle.hpp"
#include "service/planning.hpp"
#include "service/service.hpp"
#include "service/service_sql.hpp"

namespace helm::service {
namespace {

Json money_image(const WorkOrder& w, std::int64_t register_id, Cents amount) {
    return {{"id", w.id}, {"number", w.number}, {"status", w.status}, {"register_id", register_id}, {"amount_cents", amount.value},
            {"version", w.version}};
}

// The ticket as the register's cart: its lines, its customer, the deposit still held for it.
sales::SaleRequest invoice_cart(const WorkOrder& w, std::int64_t register_id, Cents deposit) {
    sales::SaleRequest cart;
    cart.register_id = register_id;
    cart.customer_id = w.customer_id;
    cart.work_order_id = w.id;
    for (const auto& l : w.lines) {
        sales::LineRequest line;
        line.quantity = l.quantity;
        if (l.custom) {
            line.custom_labor = true;
            line.description = l.description;
            line.unit_price = l.unit_price;
        } else {
            line.product_id = l.product_id;
        }
        cart.lines.push_back(std::move(line));
    }
    if (deposit.value > 0) cart.payments.push_back({"deposit", deposit, std::nullopt, std::nullopt});
    return cart;
}

// The invoice's lines as the register will write them (line_no in the cart's order), for
// the trigger that lets only this sale pick the ticket up.
Statement invoice_record(const WorkOrder& w, const sales::Totals& priced, std::int64_t at) {
    Json lines = Json::array();
    for (std::size_t i = 0; i < w.lines.size(); ++i) {
        const Line& l = w.lines[i];
        lines.push_back({{"line_no", std::int64_t(i + 1)},
                         {"product_id", l.custom || !l.product_id ? Json(nullptr) : Json(*l.product_id)},
                         {"quantity", l.quantity},
                         {"unit_price", l.unit_price.value},
                         {"total", priced.lines[i].total.value}});
    }
    return {std::string(sql::record_invoice), {w.id, priced.total.value, to_text(lines), at}};
}

bool is_invoice(const sales::Draft& d) {
    return std::any_of(d.cart.lines.begin(), d.cart.lines.end(), [](const sales::LineRequest& l) { return !l.deposit; });
}

}  // namespace

Task<Result<Money>> money_of(Context& cx, const WorkOrder& w) {
    Money m;
    auto totals = co_await price_lines(cx, w.customer_id, w.lines);
    if (totals) {
        m.subtotal = totals->subtotal;
        m.tax = totals->tax;
        m.total = totals->total;
    } else {
        m.quote_error = totals.error().message;
    }
    HELM_CO_TRY(auto paid, co_await sales::work_order_payments(cx, w.id));
    m.deposits_paid = paid.deposits_paid;
    m.deposits_applied = paid.deposits_applied;
    HELM_CO_TRY(auto drafts, co_await sales::drafts_for_work_order(cx, w.id));
    for (const auto& d : drafts)
        if (is_invoice(d)) m.held_sale_id = d.id;
    co_return m;
}

Task<Result<Invoice>> invoice_work_order(Context& cx, std::int64_t id, std::int64_t version, std::int64_t register_id) {
    HELM_CO_TRY(auto reg, co_await sales::load_register(cx, register_id));
    const std::int64_t at = cx.now_ms();
    const Value staff = cx.acting_staff();
    HELM_CO_TRY(auto before, co_await load_work_order(cx, id));
    if (version != before.version)
        co_return Error{Code::conflict, before.number + " was changed by someone else meanwhile; it shows as it is now", "version"};
    const bool again = before.status == "invoiced";
    if (!again) {
        const Transition* move = transition(before.status, "invoiced");
        if (!move || move->by != MovedBy::invoicing)
            co_return invalid("to", before.number + " is invoiced once it is completed (it is " + std::string(status_info(before.status)->label) + ")");
    }
    if (!before.customer_active)
        co_return Error{Code::failed_precondition, "the customer of " + before.number + " was merged or erased: it cannot be invoiced", "customer_id"};
    if (before.lines.empty()) co_return Error{Code::failed_precondition, before.number + " has no lines to invoice", "lines"};
    HELM_CO_TRY(auto money, co_await money_of(cx, before));
    if (money.quote_error) co_return Error{Code::failed_precondition, *money.quote_error, "lines"};
    if (again && money.held_sale_id)
        co_return Error{Code::conflict, before.number + "'s sale is already held on the register", "id"};
    HELM_CO_TRY(auto priced, co_await price_lines(cx, before.customer_id, before.lines));
    // The deposit goes toward the invoice, never more than it comes to.
    const Cents deposit{std::min(money.deposit_held().value, money.total.value)};
    const sales::SaleRequest cart = invoice_cart(before, reg.id, deposit);
    WorkOrder after = before;
    after.status = "invoiced";
    after.version = again ? before.version : before.version + 1;
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        std::vector<Statement> statements;
        statements.push_back(sales::held_cart_statement(cart, before.number + " · invoice", staff, at));  // first: its row id is the draft's
        statements.push_back(invoice_record(before, priced, at));
        if (!again) {
            statements.push_back({std::string(sql::move_status), {id, before.version, "invoiced", at, before.status}});
            statements.push_back(expect_changes(1));
            statements.push_back({std::string(sql::insert_history), {id, before.status, "invoiced", staff, at, nullptr}});
        }
        co_return audit::Change{std::move(statements), {again ? "work_order.invoice_again" : "work_order.invoice", "work_order",
                                                        std::to_string(id), money_image(before, reg.id, deposit),
                                                        money_image(after, reg.id, deposit)}};
    });
    if (!written) {
        if (is_unmet_expectation(written.error()))
            co_return Error{Code::conflict, before.number + " was changed by someone else meanwhile; it shows as it is now", "version"};
        co_return std::move(written).error();
    }
    Invoice out;
    out.draft_id = written->front().meta.last_row_id;
    HELM_CO_TRY(out.work_order, co_await load_work_order(cx, id));
    co_return out;
}

Task<Result<std::int64_t>> hold_deposit(Context& cx, std::int64_t id, Cents amount, std::int64_t register_id) {
    if (amount.value <= 0 || amount.value > max_money.value) co_return invalid("amount_cents", "a deposit is from 0.01 to 10,000,000.00");
    HELM_CO_TRY(auto reg, co_await sales::load_register(cx, register_id));
    const std::int64_t at = cx.now_ms();
    HELM_CO_TRY(auto w, co_await load_work_order(cx, id));
    if (!w.open()) co_return Error{Code::failed_precondition, w.number + " no longer takes a deposit: it is " + std::string(status_info(w.status)->label), "id"};
    if (!w.customer_active)
        co_return Error{Code::failed_precondition, "the customer of " + w.number + " was merged or erased", "customer_id"};
    sales::SaleRequest cart;
    cart.register_id = reg.id;
    cart.customer_id = w.customer_id;
    cart.work_order_id = w.id;
    sales::LineRequest line;
    line.deposit = true;
    line.amount = amount;
    cart.lines.push_back(std::move(line));
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        co_return audit::Change{{sales::held_cart_statement(cart, w.number + " · deposit", cx.acting_staff(), at)},
                                {"work_order.hold_deposit", "work_order", std::to_string(id), nullptr, money_image(w, reg.id, amount)}};
    });
    if (!written) co_return std::move(written).error();
    co_return written->front().meta.last_row_id;
}

}  // namespace helm::service
