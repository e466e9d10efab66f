// The Sales screens: the day's documents (a number search jumps to one), one document
// with its receipt, its links to what it returns or voids and to what returned or voided
// it, the void form, the printable receipt, and returns and exchanges against a receipt
// or without one. Plain HTML forms over the register's own functions (sales.hpp): a
// return is a SaleRequest built from the form and read by the same parser as the API's
// JSON, so every check on it is the API's. Keys (shell.js): "/" the number search,
// "p" print, "r" return items.
#include "sales/views/sale_pages.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/fields.hpp"
#include "core/hex.hpp"
#include "core/time.hpp"
#include "identity/identity.hpp"
#include "sales/sales.hpp"
#include "sales/views/receipt.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::sales {
namespace pages {

using web::fault_marks;

constexpr std::string_view refund_permission = "action.refund";
constexpr std::string_view void_permission = "action.void";
constexpr int listed_at_most = 200;

std::string sale_path(std::int64_t id) { return "/sales/" + std::to_string(id); }
std::string today(const Context& cx) { return business_date(cx.shop.timezone, cx.now_ms()); }
// A key per attempt: a form sent twice (a double click, a reload) completes once.
std::string fresh_key() { return random_hex(16); }

// ---------------------------------------------------------------------------------------
// The day's documents.

Task<Response> render_list(Context& cx, int status, const std::string& date, const std::string& number, const std::optional<Error>& error) {
    Html h;
    h.add("<form class=\"search\" id=\"find-sale\" method=\"get\" action=\"/sales\" role=\"search\">"
          "<span class=\"field\"><label for=\"sale-number\">Find a receipt by its number</label><input id=\"sale-number\" name=\"number\" "
          "type=\"search\" value=\"{}\" maxlength=\"20\" autocomplete=\"off\" placeholder=\"S-00012\" data-shortcut=\"/\" autofocus{}></span>"
          "<span class=\"field\"><label for=\"sale-date\">Business date</label><input id=\"sale-date\" name=\"date\" type=\"date\" value=\"{}\"{}></span>"
          "<button type=\"submit\">Show</button></form>",
          number, fault_marks(error && error->field == "number"), date, fault_marks(error && error->field == "date"));
    web::form_error(h, error);
    if (cx.session->can(refund_permission)) {
        HELM_CO_TRY(auto settings, co_await load_settings(cx));
        if (settings.receiptless_returns) h.add("<p><a class=\"button\" href=\"/sales/return\">Return without a receipt</a></p>");
    }
    std::vector<Sale> documents;
    std::map<std::int64_t, std::string> tenders;
    if (utc_day_start_ms(date) >= 0) {
        HELM_CO_TRY(auto listed, co_await list_sales(cx, date, 0, listed_at_most));
        HELM_CO_TRY(auto taken, co_await tenders_on(cx, date, listed_at_most));
        documents = std::move(listed);
        tenders = std::move(taken);
    }
    h.add("<h2 id=\"documents\">{}</h2>", date == today(cx) ? "Today, " + date : date);
    if (documents.empty()) {
        h.add("<p class=\"muted\" id=\"no-sales\">No sales, returns or voids on this date.</p>");
        co_return Response::html(status, web::page(cx, {"sales", "Sales"}, h.str()));
    }
    h.add("<table class=\"sales\" id=\"sales\"><thead><tr><th scope=\"col\">Number</th><th scope=\"col\">Kind</th>"
          "<th scope=\"col\">Time</th><th scope=\"col\">Customer</th><th scope=\"col\" class=\"num\">Total</th>"
          "<th scope=\"col\">Tenders</th></tr></thead><tbody>");
    for (const auto& s : documents)
        h.add("<tr><th scope=\"row\"><a href=\"{}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
              sale_path(s.id), s.number, kind_label(s.kind), web::local_time(cx, s.completed_at_ms).substr(11, 5), s.customer_name.value_or(""),
              format_cents(s.total), tenders[s.id]);
    h.add("</tbody></table>");
    if (documents.size() == listed_at_most)
        h.add("<p class=\"muted\">The newest {} are shown: find older ones by their number.</p>", listed_at_most);
    co_return Response::html(status, web::page(cx, {"sales", "Sales"}, h.str()));
}

// ---------------------------------------------------------------------------------------
// One document.

using VoidOutcome = web::FormOutcome<>;

// A gift card's or a deposit's line is not returned: its balance stays on the account.
bool returnable(const SaleLine& l) {
    return l.quantity > 0 && l.quantity - l.returned > 0 && l.kind != "gift_card" && l.kind != "deposit";
}

bool takes_returns(const Sale& s) {
    return (s.kind == "sale" || s.kind == "exchange") && !s.voided_by_sale_id && std::any_of(s.lines.begin(), s.lines.end(), returnable);
}

std::string_view notice(std::string_view done) {
    if (done == "voided") return "Voided: everything the sale did is undone.";
    if (done == "returned") return "Done. The receipt is below.";
    return {};
}

Task<Response> render_sale(Context& cx, std::int64_t id, int status, std::string_view done, const VoidOutcome& o) {
    HELM_CO_TRY(auto sale, co_await load_sale(cx, id));
    HELM_CO_TRY(auto related, co_await documents_of(cx, id));
    Html h;
    h.add("<p><a href=\"/sales?date={}\">Sales</a> › {}</p>", sale.business_date, sale.number);
    if (auto text = notice(done); !text.empty()) h.add("<p class=\"notice\" role=\"status\">{}</p>", text);

    h.add("<p class=\"sale-actions\"><a class=\"button\" id=\"print-link\" href=\"{}/receipt?print=1\" data-shortcut=\"p\">Print receipt</a>",
          sale_path(id));
    if (takes_returns(sale) && cx.session->can(refund_permission))
        h.add(" <a class=\"button\" id=\"return-link\" href=\"{}/return\" data-shortcut=\"r\">Return items</a>", sale_path(id));
    h.add("</p>");

    if (sale.original_sale_id || !related.empty()) {
        h.add("<ul class=\"related\" id=\"related\">");
        if (sale.original_sale_id)
            h.add("<li>{} <a href=\"{}\">{}</a></li>", sale.kind == "void" ? "Voids" : "Returns from", sale_path(*sale.original_sale_id),
                  sale.original_number.value_or("the original"));
        for (const auto& r : related) h.add("<li>{} <a href=\"{}\">{}</a></li>", r.kind == "void" ? "Voided by" : kind_label(r.kind), sale_path(r.id), r.number);
        h.add("</ul>");
    }

    HELM_CO_TRY(auto shop, co_await identity::shop_as_kept(cx));
    h.add("<div class=\"sale-document\">{}</div>", raw(receipt_html(shop, sale)));

    // A mistake is corrected by a void on the same business day, or by a return after it.
    const bool voidable = sale.kind == "sale" && !sale.voided_by_sale_id && related.empty();
    const bool void_form = voidable && cx.session->can(void_permission) && sale.business_date == today(cx);
    // A void refused where the page shows no form (another day, voided meanwhile) still says why.
    if (o.error && !void_form) web::form_error(h, o.error);
    if (voidable && cx.session->can(void_permission)) {
        if (!void_form) {
            h.add("<p class=\"hint\" id=\"no-void\">Only a sale of today's business date can be voided: return its items instead.</p>");
        } else {
            h.add("<form class=\"card\" id=\"void\" method=\"post\" action=\"{}/void\"><h2>Void this sale</h2>", sale_path(id));
            web::form_error(h, o.error);
            const std::string reason = o.error ? form_value(o.entered, "reason") : std::string();
            web::text_input(h, {"void-reason", "reason", "Why is it voided?", reason, "required minlength=\"3\" maxlength=\"200\" autocomplete=\"off\"",
                                o.error && o.error->field == "reason"});
            h.add("<p class=\"hint\">Stock, bikes and accounts go back, and every tender is refunded as it was taken.</p>"
                  "<input type=\"hidden\" name=\"key\" value=\"{}\"><button type=\"submit\" class=\"danger\">Void {}</button></form>",
                  o.error ? form_value(o.entered, "key") : fresh_key(), sale.number);
        }
    }
    co_return Response::html(status, web::page(cx, {"sales", std::string(kind_label(sale.kind)) + " " + sale.number}, h.str()));
}

// ---------------------------------------------------------------------------------------
// Returns and exchanges.

// What a return form holds, read and checked before the register sees it.
struct ReturnFields {
    std::vector<ReturnRequest> returns;
    std::vector<std::pair<std::int64_t, std::string>> exchange;  // quantity, code
    std::string reason;
    std::string refund_to;  // "original" or "store_credit"
    std::string pay_tender;
    std::optional<Cents> tendered;
    std::optional<std::string> reference;
    std::optional<std::int64_t> customer_id;  // a return without receipt: whose store credit
    std::string key;
};

struct ReturnOutcome : web::FormOutcome<> {
    std::string fault;  // the form's field the error is about
    std::optional<Quote> quote;
    bool at_fault(std::string_view name) const { return error && fault == name; }
    std::string value(std::string_view name) const { return form_value(entered, name); }
};

std::string qty_field(std::int64_t line_id) { return "qty_" + std::to_string(line_id); }
std::string restock_field(std::int64_t line_id) { return "restock_" + std::to_string(line_id); }

// "TUBE-700" or "2 TUBE-700", one per line: a barcode never holds a space.
Result<std::vector<std::pair<std::int64_t, std::string>>> items_from(std::string_view field, std::string_view text) {
    std::vector<std::pair<std::int64_t, std::string>> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        const auto end = std::min(text.find('\n', at), text.size());
        std::string_view typed = text.substr(at, end - at);
        if (!typed.empty() && typed.back() == '\r') typed.remove_suffix(1);  // a textarea sends CR LF
        std::string item = trimmed(typed);
        at = end + 1;
        if (item.empty()) continue;
        std::int64_t quantity = 1;
        if (auto space = item.find_first_of(" \t"); space != std::string::npos) {
            HELM_TRY(quantity, whole_number(field, item.substr(0, space)));
            if (quantity < 1 || quantity > 10'000) return invalid(std::string(field), "a quantity is from 1 to 10000");
            item = trimmed(item.substr(space + 1));
        }
        if (out.size() == 50) return invalid(std::string(field), "at most 50 items at once");
        out.emplace_back(quantity, std::move(item));
    }
    return out;
}

Result<ReturnFields> return_fields(const Form& form, const Sale* original) {
    ReturnFields f;
    if (original) {
        for (const auto& l : original->lines) {
            if (!returnable(l)) continue;
            const std::string typed = trimmed(form_value(form, qty_field(l.id)));
            if (typed.empty() || typed == "0") continue;
            HELM_TRY(auto quantity, whole_number(qty_field(l.id), typed));
            const std::int64_t left = l.quantity - l.returned;
            if (quantity < 0 || quantity > left)
                return invalid(qty_field(l.id), "only " + std::to_string(left) + " of " + l.description + " can come back (" +
                                                    std::to_string(l.quantity) + " sold, " + std::to_string(l.returned) + " returned)");
            f.returns.push_back({l.id, quantity, web::ticked(form, restock_field(l.id))});
        }
        HELM_TRY(f.exchange, items_from("exchange", form_value(form, "exchange")));
        if (f.returns.empty()) {
            const auto first = std::find_if(original->lines.begin(), original->lines.end(), returnable);
            return invalid(first == original->lines.end() ? "reason" : qty_field(first->id), "say how many of which item come back");
        }
    } else {
        HELM_TRY(f.exchange, items_from("items", form_value(form, "items")));
        if (f.exchange.empty()) return invalid("items", "scan or type what comes back, one barcode or SKU per line");
        const std::string customer = trimmed(form_value(form, "customer"));
        if (customer.empty()) return invalid("customer", "store credit goes to a customer: give their number");
        HELM_TRY(auto id, whole_number("customer", customer.front() == '#' ? customer.substr(1) : customer));
        if (id < 1) return invalid("customer", "a customer number is a positive whole number");
        f.customer_id = id;
    }
    f.reason = trimmed(form_value(form, "reason"));
    if (f.reason.size() < 3) return invalid("reason", "say why it comes back");
    f.refund_to = original ? form_value(form, "refund_to") : "store_credit";
    if (f.refund_to != "original" && f.refund_to != "store_credit") return invalid("refund_to", "refund to the original tender or to store credit");
    if (f.refund_to == "store_credit" && original && !original->customer_id)
        return invalid("refund_to", "store credit needs a customer, and this sale has none: refund to the original tender");
    f.pay_tender = form_value(form, "pay_tender");
    if (f.pay_tender.empty()) f.pay_tender = "card";
    if (f.pay_tender != "cash" && f.pay_tender != "card" && f.pay_tender != "cheque") return invalid("pay_tender", "pay by cash, card or cheque");
    if (auto typed = trimmed(form_value(form, "tendered")); !typed.empty()) {
        auto cents = parse_cents(typed);
        if (!cents) return invalid("tendered", "cash handed over is an amount like 50 or 49.95");
        f.tendered = *cents;
    }
    if (auto typed = trimmed(form_value(form, "reference")); !typed.empty()) f.reference = typed;
    f.key = form_value(form, "key");
    return f;
}

// What each of the original's tenders has left to give back: "Cash 0.00 left, Card 50.00 left".
std::string tenders_left(const std::vector<Refundable>& tenders) {
    std::string out;
    for (const auto& t : tenders) out += (out.empty() ? "" : ", ") + std::string(tender_label(t.tender)) + " " + format_cents(t.left()) + " left";
    return out.empty() ? "none" : out;
}

// The refund spread over the tenders the original was paid with, the last one first, none
// given more than it has left after earlier refunds.
Result<std::vector<Json>> refund_to_original(const std::vector<Refundable>& tenders, std::int64_t refund, const std::optional<std::string>& reference) {
    std::vector<Json> out;
    for (auto p = tenders.rbegin(); p != tenders.rend() && refund > 0; ++p) {
        if (p->left().value <= 0) continue;
        const std::int64_t part = std::min(refund, p->left().value);
        Json payment{{"tender", p->tender}, {"amount_cents", -part}};
        if (p->tender == "gift_card" && p->account_code) payment["reference"] = *p->account_code;
        else if (p->tender == "card" && reference) payment["reference"] = *reference;
        out.push_back(std::move(payment));
        refund -= part;
    }
    if (refund > 0) return invalid("refund_to", "the refund is more than the sale took: refund the rest as store credit");
    return out;
}

Result<std::vector<Json>> payments_for(const ReturnFields& f, const std::vector<Refundable>& tenders, Cents due) {
    std::vector<Json> out;
    if (due.value > 0) {
        Json payment{{"tender", f.pay_tender}, {"amount_cents", due.value}};
        if (f.pay_tender == "cash" && f.tendered) payment["tendered_cents"] = f.tendered->value;
        if (f.pay_tender != "cash" && f.reference) payment["reference"] = *f.reference;
        out.push_back(std::move(payment));
    } else if (due.value < 0) {
        if (f.refund_to == "store_credit") out.push_back({{"tender", "store_credit"}, {"amount_cents", due.value}});
        else return refund_to_original(tenders, -due.value, f.reference);
    }
    return out;
}

// The request as the API would take it, read by the API's own parser.
Result<SaleRequest> request_of(const ReturnFields& f, const Sale* original, const std::vector<Json>& payments) {
    Json j{{"idempotency_key", f.key}, {"reason", f.reason}};
    Json lines = Json::array(), returns = Json::array(), paid = Json::array();
    for (const auto& [quantity, code] : f.exchange) lines.push_back({{"code", code}, {"quantity", original ? quantity : -quantity}});
    for (const auto& r : f.returns) returns.push_back({{"line_id", r.line_id}, {"quantity", r.quantity}, {"restock", r.restock}});
    for (const auto& p : payments) paid.push_back(p);
    j["lines"] = std::move(lines);
    j["payments"] = std::move(paid);
    if (original) {
        j["original_sale_id"] = original->id;
        j["returns"] = std::move(returns);
        if (original->customer_id) j["customer_id"] = *original->customer_id;
    } else {
        j["customer_id"] = *f.customer_id;
    }
    return sale_request_from_json(to_text(j));
}

// The register names fields as its JSON does ("returns[0].quantity"); the form's own
// names are what the page can mark.
std::string form_field(const Error& e, const ReturnFields& f, bool receiptless) {
    const std::string& field = e.field;
    auto index = [&](std::string_view list) -> std::optional<std::size_t> {
        if (field.rfind(list, 0) != 0 || field.size() <= list.size() + 1 || field[list.size()] != '[') return std::nullopt;
        return static_cast<std::size_t>(std::atoll(field.c_str() + list.size() + 1));
    };
    if (auto i = index("returns"); i && *i < f.returns.size()) return qty_field(f.returns[*i].line_id);
    if (index("lines")) return receiptless ? "items" : "exchange";
    if (field.find("tendered") != std::string::npos) return "tendered";
    if (field.find("reference") != std::string::npos) return "reference";
    if (index("payments")) return receiptless ? "customer" : "refund_to";
    if (field == "customer_id") return receiptless ? "customer" : "refund_to";
    return field;
}

void quote_table(Html& h, const Quote& q) {
    h.add("<section class=\"return-quote\" id=\"return-quote\" aria-live=\"polite\"><h2>What it comes to</h2><table><thead><tr>"
          "<th scope=\"col\" class=\"num\">Qty</th><th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">Amount incl. tax</th></tr></thead><tbody>");
    for (const auto& l : q.lines)
        h.add("<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>", l.quantity, l.description, format_cents(l.total));
    h.add("</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th><td class=\"num\">{}</td></tr>", format_cents(q.totals.total));
    if (q.due.value < 0) h.add("<tr class=\"due\"><th scope=\"row\" colspan=\"2\">Refund due</th><td class=\"num\" id=\"due\">{}</td></tr>", format_cents(-q.due));
    else if (q.due.value > 0) h.add("<tr class=\"due\"><th scope=\"row\" colspan=\"2\">To pay</th><td class=\"num\" id=\"due\">{}</td></tr>", format_cents(q.due));
    else h.add("<tr class=\"due\"><th scope=\"row\" colspan=\"2\">Nothing to pay or refund</th><td class=\"num\" id=\"due\">0.00</td></tr>");
    h.add("</tfoot></table></section>");
}

void radio(Html& h, std::string_view id, std::string_view name, std::string_view value, std::string_view label, bool checked, bool disabled) {
    h.add("<label class=\"check\" for=\"{}\"><input type=\"radio\" id=\"{}\" name=\"{}\" value=\"{}\"{}{}> {}</label>", id, id, name, value,
          raw(checked ? " checked" : ""), raw(disabled ? " disabled" : ""), label);
}

// How the customer pays when an exchange costs more than what comes back.
void payment_fields(Html& h, const ReturnOutcome& o) {
    static constexpr Choice pay_tenders[] = {tender_words[1], tender_words[0], tender_words[2]};
    h.add("<fieldset class=\"pay\"><legend>If the exchange costs more than what comes back</legend>");
    web::select(h, "pay-tender", "pay_tender", "The customer pays by", pay_tenders, o.value("pay_tender"), o.at_fault("pay_tender"));
    web::text_input(h, {"pay-tendered", "tendered", "Cash handed over", o.value("tendered"), "inputmode=\"decimal\" placeholder=\"0.00\" autocomplete=\"off\"",
                        o.at_fault("tendered")});
    h.add("</fieldset>");
}

void buttons(Html& h, const ReturnOutcome& o, std::string_view what) {
    // After a review, Enter completes what was reviewed; the server checks the amount again.
    if (o.quote && !o.error) {
        h.add("<input type=\"hidden\" name=\"reviewed_due\" value=\"{}\"><p class=\"form-buttons\">"
              "<button type=\"submit\" name=\"step\" value=\"complete\" id=\"complete\">Complete the {}</button> "
              "<button type=\"submit\" name=\"step\" value=\"review\" class=\"secondary\">Work it out again</button></p>",
              o.quote->due.value, what);
    } else {
        h.add("<p class=\"form-buttons\"><button type=\"submit\" name=\"step\" value=\"review\" id=\"review\">Work out the refund</button></p>");
    }
}

Task<Response> render_return(Context& cx, const Sale& sale, int status, const ReturnOutcome& o) {
    Html h;
    h.add("<p><a href=\"/sales?date={}\">Sales</a> › <a href=\"{}\">{}</a> › Return</p>", sale.business_date, sale_path(sale.id), sale.number);
    if (!takes_returns(sale)) {
        h.add("<p class=\"error\" role=\"alert\">{} takes no returns: {}.</p>", sale.number,
              sale.voided_by_sale_id ? "it was voided" : "nothing on it is left to return");
        co_return Response::html(status == 200 ? 422 : status, web::page(cx, {"sales", "Return from " + sale.number}, h.str()));
    }
    const bool sent = !o.entered.empty();
    h.add("<form class=\"return\" id=\"return-form\" method=\"post\" action=\"{}/return\">", sale_path(sale.id));
    web::form_error(h, o.error);
    h.add("<table class=\"return-lines\" id=\"return-lines\"><thead><tr><th scope=\"col\">Item</th><th scope=\"col\" class=\"num\">Sold</th>"
          "<th scope=\"col\" class=\"num\">Returned</th><th scope=\"col\">Comes back now</th><th scope=\"col\">Back on the shelf</th></tr></thead><tbody>");
    bool first = true;
    for (const auto& l : sale.lines) {
        if (l.quantity <= 0) continue;
        const std::int64_t left = returnable(l) ? l.quantity - l.returned : 0;
        h.add("<tr><th scope=\"row\">{}{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>", l.description,
              l.serial ? " · " + *l.serial : std::string(), l.quantity, l.returned);
        if (left > 0) {
            const std::string id = "qty-" + std::to_string(l.id);
            h.add("<label class=\"visually-hidden\" for=\"{}\">How many {} come back</label><input id=\"{}\" name=\"{}\" value=\"{}\" size=\"4\" "
                  "inputmode=\"numeric\" pattern=\"[0-9]*\" placeholder=\"0\" autocomplete=\"off\" data-max=\"{}\"{}{}></td><td>",
                  id, l.description, id, qty_field(l.id), o.value(qty_field(l.id)), left, raw(first ? " autofocus" : ""),
                  fault_marks(o.at_fault(qty_field(l.id))));
            first = false;
            if (l.kind == "stock") {
                const bool restock = sent ? web::ticked(o.entered, restock_field(l.id)) : true;
                web::checkbox(h, "restock-" + std::to_string(l.id), restock_field(l.id), "Restock", restock, false);
            } else {
                h.add("<span class=\"muted\">—</span>");
            }
        } else {
            h.add("<span class=\"muted\">{}</span></td><td>", l.quantity > l.returned ? "stays on its account" : "all returned");
        }
        h.add("</td></tr>");
    }
    h.add("</tbody></table>");
    web::text_input(h, {"return-reason", "reason", "Why does it come back?", o.value("reason"), "required minlength=\"3\" maxlength=\"200\" autocomplete=\"off\"",
                        o.at_fault("reason")});

    const std::string refund_to = sent ? o.value("refund_to") : "original";
    h.add("<fieldset class=\"refund-to\"{}><legend>Refund to</legend>", fault_marks(o.at_fault("refund_to")));
    HELM_CO_TRY(auto tenders, co_await refundable(cx, sale.id));
    radio(h, "refund-original", "refund_to", "original", "The original tender: " + tenders_left(tenders),
          refund_to != "store_credit", false);
    radio(h, "refund-store-credit", "refund_to", "store_credit",
          sale.customer_name ? "Store credit for " + *sale.customer_name : std::string("Store credit (this sale has no customer)"),
          refund_to == "store_credit", !sale.customer_id);
    h.add("</fieldset>");

    web::text_area(h, {"exchange", "exchange", "Exchange for (optional): one barcode or SKU per line, “2 TUBE-700” for two", o.value("exchange"),
                       "autocomplete=\"off\"", o.at_fault("exchange")});
    payment_fields(h, o);
    web::text_input(h, {"card-reference", "reference", "Card terminal reference (a card refund or payment)", o.value("reference"),
                        "maxlength=\"80\" autocomplete=\"off\"", o.at_fault("reference")});
    if (o.quote) quote_table(h, *o.quote);
    h.add("<input type=\"hidden\" name=\"key\" value=\"{}\">", sent ? o.value("key") : fresh_key());
    buttons(h, o, "return");
    h.add("</form>");
    co_return Response::html(status, web::page(cx, {"sales", "Return from " + sale.number}, h.str()));
}

Task<Response> render_receiptless(Context& cx, int status, const ReturnOutcome& o) {
    HELM_CO_TRY(auto settings, co_await load_settings(cx));
    Html h;
    h.add("<p><a href=\"/sales\">Sales</a> › Return without a receipt</p>");
    if (!settings.receiptless_returns) {
        h.add("<p class=\"error\" role=\"alert\" id=\"receiptless-off\">This shop takes no returns without a receipt (Settings › Register).</p>");
        co_return Response::html(status == 200 ? 200 : status, web::page(cx, {"sales", "Return without a receipt"}, h.str()));
    }
    const bool sent = !o.entered.empty();
    h.add("<form class=\"card\" id=\"receiptless-form\" method=\"post\" action=\"/sales/return\">"
          "<p class=\"hint\">Without a receipt, what comes back is refunded as store credit only, at today's price.</p>");
    web::form_error(h, o.error);
    web::text_area(h, {"return-items", "items", "What comes back: one barcode or SKU per line, “2 TUBE-700” for two", o.value("items"),
                       "required autofocus autocomplete=\"off\"", o.at_fault("items")});
    web::text_input(h, {"return-customer", "customer", "Customer (their store credit): type a name or phone, or their #number", o.value("customer"),
                        "required pattern=\"#?[0-9]+\" autocomplete=\"off\" list=\"return-customer-choices\" data-suggest=\"customers\"",
                        o.at_fault("customer")});
    h.add("<datalist id=\"return-customer-choices\"></datalist>");
    web::text_input(h, {"return-reason", "reason", "Why does it come back?", o.value("reason"), "required minlength=\"3\" maxlength=\"200\" autocomplete=\"off\"",
                        o.at_fault("reason")});
    if (o.quote) quote_table(h, *o.quote);
    h.add("<input type=\"hidden\" name=\"key\" value=\"{}\">", sent ? o.value("key") : fresh_key());
    buttons(h, o, "return");
    h.add("</form>");
    co_return Response::html(status, web::page(cx, {"sales", "Return without a receipt"}, h.str()));
}

// Review: the quote. Complete: the quote again (the amounts may have moved since), the
// payments that settle it, and the document in one batch.
Task<Result<std::optional<Completed>>> review_or_complete(Context& cx, const Sale* original, ReturnOutcome& o) {
    HELM_CO_TRY(auto fields, return_fields(o.entered, original));
    const std::vector<Json> none;
    HELM_CO_TRY(auto asked, request_of(fields, original, none));
    auto quoted = co_await quote(cx, asked);
    if (!quoted) {
        Error e = std::move(quoted).error();
        o.fault = form_field(e, fields, !original);
        co_return e;
    }
    o.quote = std::move(*quoted);
    if (form_value(o.entered, "step") != "complete") co_return std::optional<Completed>{};
    if (form_value(o.entered, "reviewed_due") != std::to_string(o.quote->due.value))
        co_return Error{Code::conflict, "The amounts changed since they were worked out: check them, then complete.", ""};
    std::vector<Refundable> tenders;
    if (original) {
        HELM_CO_TRY(tenders, co_await refundable(cx, original->id));
    }
    auto payments = payments_for(fields, tenders, o.quote->due);
    if (!payments) {
        o.fault = payments.error().field;
        co_return std::move(payments).error();
    }
    HELM_CO_TRY(auto request, request_of(fields, original, *payments));
    auto done = co_await complete(cx, request);
    if (!done) {
        Error e = std::move(done).error();
        o.fault = form_field(e, fields, !original);
        co_return e;
    }
    co_return std::optional<Completed>{std::move(*done)};
}

// An error found before the register was asked names the form's own field.
void note_error(ReturnOutcome& o, Error e) {
    if (o.fault.empty()) o.fault = e.field;
    o.error = std::move(e);
}

}  // namespace pages

using namespace pages;

Task<Response> sales_page(Context& cx, const Request& rq) {
    std::string date = trimmed(rq.query_value("date"));
    if (date.empty()) date = today(cx);
    const std::string number = trimmed(rq.query_value("number"));
    std::optional<Error> error;
    if (!number.empty()) {
        HELM_CO_TRY(auto found, co_await sale_with_number(cx, number));
        if (found) co_return Response::redirect(sale_path(*found));
        error = Error{Code::not_found, "No receipt has the number " + number + ".", "number"};
    } else if (utc_day_start_ms(date) < 0) {
        error = invalid("date", "a business date looks like 2026-11-23");
    }
    co_return co_await render_list(cx, error ? Response::http_status(error->code) : 200, date, number, error);
}

Task<Response> sale_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "sale"));
    const VoidOutcome none;
    co_return co_await render_sale(cx, id, 200, rq.query_value("done"), none);
}

Task<Response> receipt_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "sale"));
    HELM_CO_TRY(auto sale, co_await load_sale(cx, id));
    HELM_CO_TRY(auto shop, co_await identity::shop_as_kept(cx));
    if (rq.query_value("done") != "completed") co_return Response::html(200, receipt_document(cx, shop, sale, Landing::reprint));
    HELM_CO_TRY(auto reg, co_await load_register(cx, sale.register_id));
    co_return Response::html(200, receipt_document(cx, shop, sale, reg.auto_print ? Landing::just_completed_printing : Landing::just_completed));
}

Task<Response> void_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "sale"));
    VoidOutcome o;
    o.entered = parse_form(rq.body);
    std::string reason = trimmed(form_value(o.entered, "reason"));
    std::string key = form_value(o.entered, "key");
    if (reason.size() < 3) {
        o.error = invalid("reason", "say why the sale is voided");
    } else {
        auto voided = co_await void_sale(cx, id, std::move(reason), std::move(key));
        if (voided) co_return Response::redirect(sale_path(voided->sale.id) + "?done=voided");
        o.error = std::move(voided).error();
    }
    co_return co_await render_sale(cx, id, Response::http_status(o.error->code), "", o);
}

Task<Response> return_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "sale"));
    HELM_CO_TRY(auto sale, co_await load_sale(cx, id));
    const ReturnOutcome none;
    co_return co_await render_return(cx, sale, 200, none);
}

Task<Response> return_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "sale"));
    HELM_CO_TRY(auto sale, co_await load_sale(cx, id));
    ReturnOutcome o;
    o.entered = parse_form(rq.body);
    if (!takes_returns(sale)) co_return co_await render_return(cx, sale, 422, o);
    auto done = co_await review_or_complete(cx, &sale, o);
    if (done && *done) co_return Response::redirect(sale_path((*done)->sale.id) + "?done=returned");
    if (!done) note_error(o, std::move(done).error());
    co_return co_await render_return(cx, sale, o.error ? Response::http_status(o.error->code) : 200, o);
}

Task<Response> receiptless_return_page(Context& cx, const Request&) {
    const ReturnOutcome none;
    co_return co_await render_receiptless(cx, 200, none);
}

Task<Response> receiptless_return_from_form(Context& cx, const Request& rq) {
    ReturnOutcome o;
    o.entered = parse_form(rq.body);
    HELM_CO_TRY(auto settings, co_await load_settings(cx));
    if (!settings.receiptless_returns) co_return co_await render_receiptless(cx, 422, o);
    auto done = co_await review_or_complete(cx, nullptr, o);
    if (done && *done) co_return Response::redirect(sale_path((*done)->sale.id) + "?done=returned");
    if (!done) note_error(o, std::move(done).error());
    co_return co_await render_receiptless(cx, o.error ? Response::http_status(o.error->code) : 200, o);
}

}  // namespace helm::sales
