// The receipt: shop, document, lines, tax by rate, tenders. Plain markup in a narrow
// monospace column (helm.css, "Sales pages and receipts"); the same fragment prints on
// 80 mm paper and sits inline on the sale's page.
#include "sales/views/receipt.hpp"
#include "sales/views/register_page.hpp"

#include <cctype>

#include "core/html.hpp"
#include "core/money.hpp"
#include "core/time.hpp"
#include "identity/identity.hpp"
#include "sales/gift_cards.hpp"

namespace helm::sales {
namespace {


// A row of two columns: what, and its amount on the right.
void amount_row(Html& h, std::string_view css, std::string_view label, const std::string& amount) {
    h.add("<tr class=\"{}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>", css, label, amount);
}

// A gift card's code is what spends it: a payment shows its last four characters only.
std::string shown_reference(const Payment& p) {
    if (!p.reference) return {};
    if (p.tender == "gift_card") return masked_card_code(*p.reference);
    return *p.reference;
}

void document_header(Html& h, const Shop& shop, const Sale& s) {
    h.add("<p class=\"receipt-title\"><strong>{} <span class=\"receipt-number\">{}</span></strong></p><dl class=\"receipt-meta\">",
          kind_label(s.kind), s.number);
    h.add("<dt>Date</dt><dd><time datetime=\"{}\">{}</time></dd>", iso_utc(s.completed_at_ms), local_date_time(shop.timezone, s.completed_at_ms));
    if (s.staff_name) h.add("<dt>Served by</dt><dd>{}</dd>", *s.staff_name);
    if (s.customer_name) h.add("<dt>Customer</dt><dd>{}</dd>", *s.customer_name);
    if (s.work_order_number) h.add("<dt>Service ticket</dt><dd class=\"receipt-ticket\">{}</dd>", *s.work_order_number);
    if (s.tax_exempt_reference) h.add("<dt>Tax exempt</dt><dd>{}</dd>", *s.tax_exempt_reference);
    if (s.original_number) h.add("<dt>{}</dt><dd class=\"receipt-original\">{}</dd>", s.kind == "void" ? "Voids" : "Returns from", *s.original_number);
    else if (s.kind == "return") h.add("<dt>Returns from</dt><dd class=\"receipt-original\">no receipt</dd>");
    if (s.reason) h.add("<dt>Reason</dt><dd class=\"receipt-reason\">{}</dd>", *s.reason);
    h.add("</dl>");
}

void detail(Html& h, std::string_view css, const std::string& text, const std::string& amount = {}) {
    h.add("<tr class=\"receipt-detail {}\"><td></td><td>{}</td><td class=\"num\">{}</td></tr>", css, text, amount);
}

void lines(Html& h, const Sale& s) {
    h.add("<table class=\"receipt-lines\"><thead><tr><th scope=\"col\" class=\"num\">Qty</th><th scope=\"col\">Item</th>"
          "<th scope=\"col\" class=\"num\">Amount</th></tr></thead><tbody>");
    for (const auto& l : s.lines) {
        // Amounts carry the quantity's sign: a returned line reads negative throughout.
        const Cents gross{l.quantity * l.unit_price.value};
        h.add("<tr class=\"receipt-line\"><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>", l.quantity, l.description,
              format_cents(gross));
        if (l.sku) detail(h, "receipt-sku", *l.sku);
        if (l.serial) detail(h, "receipt-serial", "Serial " + *l.serial);
        if (l.account_code && l.kind == "gift_card") detail(h, "receipt-card", "Card " + masked_card_code(*l.account_code));
        if (l.quantity != 1 && l.quantity != -1) detail(h, "receipt-unit", "@ " + format_cents(l.unit_price));
        if (!(l.unit_price == l.list_price))
            detail(h, "receipt-override", "Price was " + format_cents(l.list_price) + (l.price_override_reason ? ": " + *l.price_override_reason : ""));
        const Cents discount = l.line_discount + l.sale_discount;
        if (discount.value != 0) detail(h, "receipt-discount", "Discount", format_cents(-discount));
        if (l.returns_line_id) detail(h, "receipt-returned", "Returned item");
    }
    h.add("</tbody></table>");
}

std::string tax_label(const LineTax& t) { return t.name + " " + format_percent(t.rate_ppm); }

void totals(Html& h, const Sale& s) {
    h.add("<table class=\"receipt-totals\"><tbody>");
    if (s.prices_include_tax) {
        amount_row(h, "receipt-total", "Total", format_cents(s.total));
        for (const auto& t : s.taxes) amount_row(h, "receipt-tax", "incl. " + tax_label(t), format_cents(t.tax));
        amount_row(h, "receipt-subtotal", "Before tax", format_cents(s.subtotal));
    } else {
        amount_row(h, "receipt-subtotal", "Subtotal", format_cents(s.subtotal));
        for (const auto& t : s.taxes) amount_row(h, "receipt-tax", tax_label(t), format_cents(t.tax));
        amount_row(h, "receipt-total", "Total", format_cents(s.total));
    }
    if (s.discount.value > 0) amount_row(h, "receipt-saved", "You saved", format_cents(s.discount));
    h.add("</tbody></table>");
}

void tenders_paid(Html& h, const Sale& s) {
    if (s.payments.empty()) return;
    h.add("<table class=\"receipt-tenders\"><tbody>");
    for (const auto& p : s.payments) {
        std::string label(tender_label(p.tender));
        if (p.amount.value < 0) {
            label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
            label = "Refund to " + label;
        }
        if (auto ref = shown_reference(p); !ref.empty()) label += " " + ref;
        if (p.tender == "cash" && p.tendered.value > 0) {
            amount_row(h, "receipt-tendered", "Cash tendered", format_cents(p.tendered));
            if (p.change.value > 0) amount_row(h, "receipt-change", "Change", format_cents(p.change));
        } else {
            amount_row(h, "receipt-tender", label, format_cents(p.amount));
        }
    }
    h.add("</tbody></table>");
}

}  // namespace

std::string receipt_html(const Shop& shop, const Sale& sale) {
    Html h;
    h.add("<article class=\"receipt\" id=\"receipt\" aria-label=\"Receipt {}\" data-number=\"{}\">", sale.number, sale.number);
    h.add("{}", raw(identity::printed_head_html(shop)));
    document_header(h, shop, sale);
    lines(h, sale);
    totals(h, sale);
    tenders_paid(h, sale);
    h.add("<footer>");
    if (sale.note) h.add("<p class=\"receipt-note\">{}</p>", *sale.note);
    if (!shop.receipt.footer.empty()) h.add("<p class=\"receipt-footer\">{}</p>", shop.receipt.footer);
    h.add("<p class=\"receipt-number-again\">{}</p></footer></article>", sale.number);
    return h.take();
}

std::string receipt_document(const Context& cx, const Shop& shop, const Sale& sale, Landing landing) {
    Html h;
    h.add("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<title>Receipt {} · {}</title><link rel=\"stylesheet\" href=\"/static/helm.css\">"
          "<script type=\"module\" src=\"/static/shell.js\"></script><script type=\"module\" src=\"/static/receipt.js\"></script></head>",
          sale.number, cx.shop.name);
    const bool staff = cx.session && cx.session->has_staff();
    h.add("<body class=\"receipt-page\"{}>", raw(staff ? " data-idle-seconds=\"" + std::to_string(cx.session->idle_timeout_s) + "\"" : ""));
    if (landing != Landing::reprint) {
        h.add("<section class=\"sale-complete\" id=\"sale-complete\" aria-labelledby=\"sale-complete-title\"{}><h1 id=\"sale-complete-title\">{} complete</h1>",
              raw(landing == Landing::just_completed_printing ? " data-print-now" : ""), kind_label(sale.kind));
        if (sale.change.value > 0) h.add("<p class=\"change-due\" id=\"change-due\">Change due <strong>{}</strong></p>", format_cents(sale.change));
        h.add("<p><a class=\"button\" id=\"new-sale\" href=\"{}\" data-key=\"F2\" autofocus>New sale <kbd>F2</kbd></a></p></section>",
              register_path(sale.register_id));
    }
    h.add("<nav class=\"receipt-actions\" aria-label=\"Receipt\">"
          "<a href=\"/sales/{}\" accesskey=\"b\">Back to {}</a>"
          "<button type=\"button\" id=\"print-receipt\" hidden>Print</button>"
          "<span class=\"muted\">Ctrl+P prints the receipt alone.</span></nav><main id=\"main\">",
          sale.id, sale.number);
    if (landing == Landing::reprint) h.add("<h1 class=\"visually-hidden\">Receipt {}</h1>", sale.number);
    h.add("{}</main></body></html>", raw(receipt_html(shop, sale)));
    return h.take();
}

}  // namespace helm::sales
