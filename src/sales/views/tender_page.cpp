// The tender: it keeps the payments taken so far in its own form until they cover the
// total, then completes with the idempotency key it was rendered with, so that a double
// submit lands on the same receipt. F2 completes.
#include "sales/views/tender_page.hpp"

#include <algorithm>

#include "core/fields.hpp"
#include "core/hex.hpp"
#include "sales/document.hpp"
#include "sales/drafts.hpp"
#include "sales/views/register_forms.hpp"
#include "sales/views/register_page.hpp"
#include "staff/staff.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::sales {
namespace register_screen {

using web::fault_marks;

bool is_tender(std::string_view t) { return std::find(std::begin(tenders), std::end(tenders), t) != std::end(tenders); }

// The tender form's state, carried from post to post in hidden fields: the cart it tenders,
// the key it completes with and the payments taken so far. A manager's approval travels
// only with the completion it approves: their PIN is never written back into a page.
struct Tender {
    Seen seen;
    std::string key;
    std::vector<PaymentRequest> payments;
    std::optional<Approval> approval;
};

std::vector<std::string> values_of(const Form& form, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : form)
        if (key == name) out.push_back(value);
    return out;
}

bool good_key(std::string_view key) {
    return key.size() >= 8 && key.size() <= 100 &&
           std::all_of(key.begin(), key.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

Result<Tender> tender_state(const Form& form) {
    Tender t;
    HELM_TRY(t.seen, seen_from_form(form));
    t.key = form_value(form, "key");
    if (!good_key(t.key)) return invalid("key", "this tender form is out of date: open the tender again");
    const auto kinds = values_of(form, "paid_tender"), amounts = values_of(form, "paid_amount"), handed = values_of(form, "paid_tendered"),
               references = values_of(form, "paid_reference");
    if (amounts.size() != kinds.size() || handed.size() != kinds.size() || references.size() != kinds.size() || kinds.size() > 20)
        return invalid("payments", "this tender form is out of date: open the tender again");
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        PaymentRequest p;
        p.tender = kinds[i];
        if (!is_tender(p.tender)) return invalid("payments", "unknown tender " + p.tender);
        HELM_TRY(auto amount, whole_number("payments", amounts[i]));
        p.amount = Cents{amount};
        if (!handed[i].empty()) {
            HELM_TRY(auto given, whole_number("payments", handed[i]));
            p.tendered = Cents{given};
        }
        HELM_TRY(p.reference, typed_text("reference", references[i], 80));
        t.payments.push_back(std::move(p));
    }
    const std::string approver = trimmed(form_value(form, "approval_staff")), pin = form_value(form, "approval_pin");
    if (!approver.empty() && !pin.empty()) {
        HELM_TRY(auto staff_id, whole_number("approval_staff", approver));
        t.approval = Approval{staff_id, pin};
    }
    return t;
}

SaleRequest request_of(const Draft& d, const Tender& t) {
    SaleRequest rq = d.cart;
    rq.register_id = d.register_id;
    rq.idempotency_key = t.key;
    rq.payments = t.payments;
    rq.approval = t.approval;
    rq.draft_id = d.id;
    rq.draft_version = d.version;
    return rq;
}

// The payment the form adds, given what is still due. Cash is what was handed over: what
// stays is at most what is due, the rest is change. Other tenders take at most what is
// due; an empty amount takes exactly that.
Result<PaymentRequest> payment_from_form(const Form& form, Cents due, bool has_customer, bool cash_ok) {
    PaymentRequest p;
    p.tender = form_value(form, "tender");
    if (!is_tender(p.tender)) return invalid("tender", "choose how the customer pays");
    if (due.value <= 0) return Error{Code::failed_precondition, "Nothing is due: complete the sale.", "amount"};
    Cents amount = due;
    if (auto text = trimmed(form_value(form, "amount")); !text.empty()) {
        auto parsed = parse_cents(text);
        if (!parsed || parsed->value == 0 || parsed->value > max_money.value) return invalid("amount", "an amount is like 20.00");
        amount = *parsed;
    }
    HELM_TRY(p.reference, typed_text("reference", form_value(form, "reference"), 80));
    if (p.tender == "cash") {
        if (!cash_ok) return Error{Code::failed_precondition, "The cash drawer is not open: open it before taking cash.", "tender"};
        p.tendered = amount;
        p.amount = std::min(amount, due);
        p.reference.reset();
        return p;
    }
    if (amount > due) return invalid("amount", "only cash gives change: take at most " + format_cents(due));
    if ((p.tender == "card" || p.tender == "cheque" || p.tender == "gift_card") && !p.reference)
        return invalid("reference", p.tender == "card"     ? "type the reference on the terminal's slip"
                                    : p.tender == "cheque" ? "type the cheque's number"
                                                           : "scan or type the gift card's code");
    if ((p.tender == "store_credit" || p.tender == "deposit") && !has_customer)
        return invalid("tender", std::string(tender_label(p.tender)) + " belongs to a customer: attach them to the sale first");
    p.amount = amount;
    return p;
}

// The payment a form asks to add, as far as reading its inputs goes: its tender and code.
PaymentRequest payment_as_asked(const Form& form) {
    PaymentRequest p;
    p.tender = form_value(form, "tender");
    p.amount = Cents{1};
    if (auto code = trimmed(form_value(form, "reference")); !code.empty()) p.reference = std::move(code);
    return p;
}

// A refusal of a payment, on the add-payment field it is about.
Error in_form_terms(Error e) {
    const std::string& f = e.field;
    if (f.find("reference") != std::string::npos) e.field = "reference";
    else if (f.find("amount") != std::string::npos || f.find("tendered") != std::string::npos) e.field = "amount";
    else if (f.find("tender") != std::string::npos || f == "customer_id") e.field = "tender";
    return e;
}

// A refusal a manager's PIN can lift (a discount or a price over the limit), or a PIN that
// did not: the form asks for an approval again.
bool asks_approval(const Error& e, bool approval_given) {
    return e.code == Code::permission_denied ||
           (approval_given && (e.code == Code::unauthenticated || e.code == Code::too_many_attempts || e.field == "approval" || e.field == "pin"));
}

Cents change_of(const std::vector<PaymentRequest>& payments) {
    Cents change;
    for (const auto& p : payments)
        if (p.tendered) change += *p.tendered - p.amount;
    return change;
}

void tender_state_inputs(Html& h, const Draft& d, const Tender& t) {
    state_inputs(h, d);
    h.add("<input type=\"hidden\" name=\"key\" value=\"{}\">", t.key);
    for (const auto& p : t.payments)
        h.add("<input type=\"hidden\" name=\"paid_tender\" value=\"{}\"><input type=\"hidden\" name=\"paid_amount\" value=\"{}\">"
              "<input type=\"hidden\" name=\"paid_tendered\" value=\"{}\"><input type=\"hidden\" name=\"paid_reference\" value=\"{}\">",
              p.tender, p.amount.value, p.tendered ? std::to_string(p.tendered->value) : std::string(), p.reference.value_or(""));
}

// `entered`: the add-payment fields as sent, when they were refused.
struct TenderOutcome : web::FormOutcome<> {
    bool ask_approval = false;  // the completion needs a manager's PIN, or theirs was refused
};

Error no_register(std::int64_t id) { return {Code::not_found, "register " + std::to_string(id) + " not found", "register_id"}; }

// The tender page from the cart's inputs (sales/document.hpp), read once: its register,
// whether the drawer is open, the customer and the prices.
Task<Response> render_tender_with(Context& cx, const SaleInputs& in, const Draft& d, const Tender& t, int status, const TenderOutcome& o) {
    if (!in.register_) co_return no_register(d.register_id);
    const Register& reg = *in.register_;
    const bool cash_ok = in.drawer_open;
    const SaleRequest request = request_of(d, t);
    auto priced = quote_from(in, request, cx.session);
    std::optional<Error> quote_error;
    if (!priced) quote_error = priced.error();
    const bool ask_approval = o.ask_approval || (quote_error && asks_approval(*quote_error, false));
    std::vector<staff::StaffMember> managers;
    if (ask_approval) {
        HELM_CO_TRY(managers, co_await staff::list_staff(cx));
    }
    const std::optional<customers::Customer>& customer = in.customer;

    Html h;
    h.add("<p><a href=\"{}\" id=\"back-to-sale\">‹ Back to the sale</a> · {}{}</p>", register_path(d.register_id), reg.name,
          customer ? " · " + customer->name : std::string());
    const bool same_error = o.error && quote_error && o.error->message == quote_error->message;
    if (o.error && !same_error) web::form_error(h, o.error);
    if (quote_error) h.add("<p class=\"error\" id=\"quote-error\" role=\"alert\">{}</p>", quote_error->message);
    if (!cash_ok) h.add("<p class=\"notice warn\" id=\"drawer-closed\">The cash drawer of {} is not open, so cash cannot be taken.</p>", reg.name);

    h.add("<form method=\"post\" action=\"/register/tender\" id=\"tender-form\" class=\"tender\">");
    tender_state_inputs(h, d, t);
    Cents due;
    if (priced) {
        due = priced->due;
        h.add("<dl class=\"totals due\" id=\"due-box\"><dt>Total</dt><dd id=\"tender-total\">{}</dd><dt>Paid</dt><dd id=\"paid\">{}</dd>"
              "<dt>Due</dt><dd id=\"due\">{}</dd></dl>",
              format_cents(priced->totals.total), format_cents(priced->paid), format_cents(std::max(due, Cents{})));
        if (Cents change = change_of(t.payments); change.value > 0)
            h.add("<p class=\"change\" id=\"change\" role=\"status\">Change: <strong>{}</strong></p>", format_cents(change));
    }
    if (ask_approval && priced && due.value <= 0) {
        h.add("<fieldset class=\"approval\" id=\"approval\"><legend>Manager approval: staff + PIN</legend>");
        h.add("<label for=\"approval-staff\">Manager</label><select id=\"approval-staff\" name=\"approval_staff\">");
        for (const auto& m : managers)
            if (!m.disabled) h.add("<option value=\"{}\">{}</option>", m.id, m.display_name);
        h.add("</select><label for=\"approval-pin\">Their PIN</label><input id=\"approval-pin\" name=\"approval_pin\" type=\"password\" "
              "inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"5\" autofocus{}><button type=\"submit\" name=\"action\" value=\"complete\">"
              "Approve and complete</button></fieldset>",
              fault_marks(o.error && (o.error->field == "pin" || o.error->field == "approval")));
    }
    if (priced && due.value > 0) {
        const bool refused = o.error && !o.entered.empty();
        auto fault = [&](std::string_view field) { return fault_marks(refused && o.error->field == field); };
        const std::string chosen = refused ? form_value(o.entered, "tender") : "cash";
        h.add("<fieldset class=\"add-payment\"><legend>Take a payment</legend><label for=\"tender-amount\">Amount (cash: what is handed over; "
              "empty: exactly {})</label><input id=\"tender-amount\" name=\"amount\" value=\"{}\" inputmode=\"decimal\" maxlength=\"20\" "
              "autocomplete=\"off\" placeholder=\"{}\"{}{}>",
              format_cents(due), refused ? form_value(o.entered, "amount") : "", format_cents(due), raw(ask_approval ? "" : " autofocus"), fault("amount"));
        h.add("<label for=\"tender-kind\">Tender</label><select id=\"tender-kind\" name=\"tender\"{}>", fault("tender"));
        // Until the register drives a terminal itself, a card is taken on the shop's own.
        for (auto kind : tenders)
            h.add("<option value=\"{}\"{}>{}{}</option>", kind, raw(kind == chosen ? " selected" : ""), tender_label(kind),
                  kind == "card" ? " (external terminal)" : "");
        h.add("</select><label for=\"tender-reference\">Reference (terminal slip, cheque number, gift card code)</label><input "
              "id=\"tender-reference\" name=\"reference\" value=\"{}\" maxlength=\"80\" autocomplete=\"off\"{}>"
              "<button type=\"submit\" name=\"action\" value=\"add\">Add payment</button></fieldset>",
              refused ? form_value(o.entered, "reference") : "", fault("reference"));
    }
    if (priced && due.value <= 0 && !ask_approval)
        h.add("<p class=\"complete\"><button type=\"submit\" name=\"action\" value=\"complete\" id=\"complete\" data-key=\"F2\"{}>Complete sale "
              "<kbd>F2</kbd></button></p>",
              raw(ask_approval ? "" : " autofocus"));
    // After the buttons above: Enter in a field submits the form's first button.
    if (!t.payments.empty()) {
        h.add("<table id=\"payments\"><thead><tr><th scope=\"col\">Tender</th><th scope=\"col\">Reference</th><th scope=\"col\" class=\"num\">"
              "Amount</th><th scope=\"col\" class=\"num\">Handed over</th><th scope=\"col\" class=\"num\">Change</th><th scope=\"col\">"
              "<span class=\"visually-hidden\">Remove</span></th></tr></thead><tbody>");
        for (std::size_t i = 0; i < t.payments.size(); ++i) {
            const auto& p = t.payments[i];
            h.add("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><button "
                  "type=\"submit\" name=\"remove\" value=\"{}\" class=\"small secondary\" formnovalidate>Remove</button></td></tr>",
                  tender_label(p.tender), p.reference.value_or(""), format_cents(p.amount), p.tendered ? format_cents(*p.tendered) : std::string(),
                  p.tendered ? format_cents(*p.tendered - p.amount) : std::string(), i);
        }
        h.add("</tbody></table>");
    }
    h.add("</form>");
    co_return Response::html(status, web::page(cx, {"register", "Tender", script}, h.str()));
}

Task<Response> render_tender(Context& cx, const Draft& d, const Tender& t, int status, const TenderOutcome& o) {
    HELM_CO_TRY(auto in, co_await load_inputs(cx, request_of(d, t), std::nullopt));
    co_return co_await render_tender_with(cx, in, d, t, status, o);
}

}  // namespace register_screen

using namespace register_screen;

Task<Response> tender_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto register_id, query_number(rq, "register", 1, 1, max_safe_integer));
    HELM_CO_TRY(auto reg, co_await load_register(cx, register_id));
    HELM_CO_TRY(auto draft, co_await open_cart(cx, reg.id));
    if (draft.cart.lines.empty()) co_return Response::redirect(register_path(register_id));
    Tender t;
    t.seen.register_id = draft.register_id;
    t.seen.draft_id = draft.id;
    t.seen.version = draft.version;
    t.key = random_hex(16);  // one completion attempt: a retry or a double submit carries it again
    t.payments = draft.cart.payments;  // a work order's invoice arrives with its deposit applied
    const TenderOutcome none;
    co_return co_await render_tender(cx, draft, t, 200, none);
}

Task<Response> tender_from_form(Context& cx, const Request& rq) {
    const Form form = parse_form(rq.body);
    HELM_CO_TRY(auto t, tender_state(form));
    const std::string action = form_value(form, "action");
    if (action == "complete") {
        // Completed already (a double submit, a retry after a lost answer): its receipt.
        HELM_CO_TRY(auto done, co_await completed_sale_id(cx, t.key));
        if (done) co_return Response::redirect("/sales/" + std::to_string(*done) + "/receipt?done=completed");
    }
    TenderOutcome o;
    auto seen = co_await cart_as_seen(cx, t.seen);
    if (!seen) {
        // The cart moved on meanwhile: tender it as it is now, with the payments so far.
        o.error = std::move(seen).error();
        HELM_CO_TRY(auto now, co_await open_cart(cx, t.seen.register_id));
        if (now.cart.lines.empty()) co_return Response::redirect(register_path(t.seen.register_id));
        t.seen.draft_id = now.id;
        t.seen.version = now.version;
        co_return co_await render_tender(cx, now, t, Response::http_status(o.error->code), o);
    }
    const Draft d = std::move(*seen);
    if (d.cart.lines.empty()) co_return Response::redirect(register_path(d.register_id));

    if (auto remove = form_value(form, "remove"); !remove.empty()) {
        auto index = whole_number("remove", remove);
        if (index && *index >= 0 && *index < std::int64_t(t.payments.size())) t.payments.erase(t.payments.begin() + *index);
        co_return co_await render_tender(cx, d, t, 200, o);
    }
    if (action == "add") {
        // The cart's inputs are read once, with the payment being added among them (the
        // drawer, a gift card's balance, a customer's store credit); the cart is priced
        // without it (what is due), then with it, checked as the sale will be.
        Tender with = t;
        with.payments.push_back(payment_as_asked(form));
        HELM_CO_TRY(auto in, co_await load_inputs(cx, request_of(d, with), std::nullopt));
        auto before = quote_from(in, request_of(d, t), cx.session);
        if (!before) {
            o.error = std::move(before).error();
            co_return co_await render_tender_with(cx, in, d, t, Response::http_status(o.error->code), o);
        }
        auto payment = payment_from_form(form, before->due, d.cart.customer_id.has_value(), in.drawer_open);
        if (payment) {
            with.payments.back() = *payment;
            auto checked = quote_from(in, request_of(d, with), cx.session);
            if (checked) co_return co_await render_tender_with(cx, in, d, with, 200, o);
            payment = in_form_terms(std::move(checked).error());
        }
        if (!payment) {
            o.error = std::move(payment).error();
            o.entered = form;
            co_return co_await render_tender_with(cx, in, d, t, Response::http_status(o.error->code), o);
        }
    }
    if (action == "complete") {
        const SaleRequest request = request_of(d, t);
        auto completed = co_await complete(cx, request);
        if (completed) co_return Response::redirect("/sales/" + std::to_string(completed->sale.id) + "/receipt?done=completed");
        o.error = std::move(completed).error();
        o.ask_approval = asks_approval(*o.error, t.approval.has_value());
        t.approval.reset();
        co_return co_await render_tender(cx, d, t, Response::http_status(o.error->code), o);
    }
    // Anything else (the form sent again as it was): the tender as it stands.
    co_return co_await render_tender(cx, d, t, 200, o);
}

}  // namespace helm::sales
