// The register screen. The cart lives on the server (drafts.hpp): every form carries the
// register, the cart's id and the version the page showed, changes it, and redirects back
// to /register, where the search box has the focus again, so a scanner can go on typing.
// A change made on a stale page (another tab) is refused with 409 and the cart as it is.
// Totals come from sales::quote; its refusals show as the form's error. The tender keeps
// the payments taken so far in its own form until they cover the total, then completes
// with the idempotency key it was rendered with: a double submit lands on the same receipt.
// Keys (register.js): F2 tender (then complete), F4 hold, F8 customer search, F9 held sales.
#include "sales/views/register_page.hpp"

#include <algorithm>

#include "catalog/products.hpp"
#include "core/fields.hpp"
#include "core/hex.hpp"
#include "customers/customers.hpp"
#include "customers/views/customer_pages.hpp"
#include "inventory/inventory.hpp"
#include "sales/document.hpp"
#include "sales/drafts.hpp"
#include "staff/staff.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::sales {

std::string register_path(std::int64_t register_id, std::string_view path, std::string query) {
    if (register_id != 1) query = "register=" + std::to_string(register_id) + (query.empty() ? "" : "&" + query);
    return std::string(path) + (query.empty() ? "" : "?" + query);
}

// A named namespace, not an anonymous one: clang 14 (Emscripten) cannot build a Task<T>
// whose T has internal linkage.
namespace register_screen {

using web::fault_marks;

constexpr std::string_view script = "register.js";
constexpr int max_matches = 20;
constexpr int max_held = 30;

// ---------------------------------------------------------------------------------------
// The pieces every register form shares.

// Which form of the page was sent, so that its error shows in it.
enum class Part { none, scan, line, customer, discount, note, hold, discard };

struct Outcome {
    Part part = Part::none;
    std::int64_t line_no = 0;  // Part::line: which line's form
    Form entered;
    std::optional<Error> error;
    bool failed(Part p) const { return error && part == p; }
    bool failed_line(std::int64_t no) const { return failed(Part::line) && line_no == no; }
    bool at_fault(Part p, std::string_view field) const { return failed(p) && error->field == field; }
    // What the form held when it came back, else what the cart holds.
    std::string value(Part p, std::string_view name, std::string fallback) const {
        return failed(p) ? form_value(entered, name) : std::move(fallback);
    }
};

// What a GET of the register shows besides the cart.
struct View {
    std::int64_t register_id = 1;
    std::string q;              // products matching this text, to pick from
    std::int64_t unit_for = 0;  // a serialized product: which of its units
    std::string customer_q;     // customers matching this text, to attach
    std::int64_t customer_offer = 0;  // one customer offered to attach ("New sale" on their page)
    std::string done;           // the notice a post redirected with
};


void state_inputs(Html& h, const Draft& d) {
    h.add("<input type=\"hidden\" name=\"register\" value=\"{}\"><input type=\"hidden\" name=\"draft\" value=\"{}\">"
          "<input type=\"hidden\" name=\"version\" value=\"{}\">",
          d.register_id, d.id, d.version);
}

Result<std::int64_t> form_number(const Form& form, std::string_view name, std::int64_t fallback) {
    const std::string text = trimmed(form_value(form, name));
    if (text.empty()) return fallback;
    return whole_number(name, text);
}

Result<Seen> seen_from_form(const Form& form) {
    Seen s;
    auto register_id = form_number(form, "register", 1);
    auto draft_id = form_number(form, "draft", 0);
    auto version = form_number(form, "version", 0);
    if (!register_id || !draft_id || !version || *register_id < 1 || *draft_id < 0 || *version < 0)
        return invalid("version", "this form is out of date: reload the register");
    s.register_id = *register_id;
    s.draft_id = *draft_id;
    s.version = *version;
    return s;
}

std::optional<std::string> optional_text(const Form& form, std::string_view name) {
    std::string text = trimmed(form_value(form, name));
    if (text.empty()) return std::nullopt;
    return text;
}

std::string money(Cents c) { return format_cents(c); }

// ---------------------------------------------------------------------------------------
// The register page.

// One line as the page shows it: priced by the quote, or described from the catalog
// alone when the quote refused the cart (its error says why).
struct LineView {
    std::string description, sku;
    std::optional<std::string> serial, price_reason;
    std::int64_t quantity = 1;
    Cents list_price, unit_price;
    std::optional<Cents> amount;  // quantity x price - the line's discount
    Discount discount;
    bool overridden = false;
};

// Everything the register shows, read before it is drawn.
struct Page {
    Register reg;
    Draft draft;
    std::int64_t held = 0;
    bool drawer_open = false;
    std::vector<LineView> lines;
    std::optional<Quote> quote;
    std::optional<Error> quote_error;
    std::optional<customers::Customer> customer;
    std::vector<customers::Fact> customer_facts;
    std::vector<catalog::Product> matches;
    std::optional<catalog::Product> unit_product;
    std::vector<inventory::SerialUnit> units;
    std::vector<customers::Found> customers_found;
};

std::vector<LineView> priced_lines(const SaleRequest& cart, const Quote& q) {
    std::vector<LineView> out;
    for (std::size_t i = 0; i < q.lines.size(); ++i) {
        const SaleLine& l = q.lines[i];
        LineView v;
        v.description = l.description;
        v.sku = l.sku.value_or("");
        v.serial = l.serial;
        v.price_reason = l.price_override_reason;
        v.quantity = l.quantity;
        v.list_price = l.list_price;
        v.unit_price = l.unit_price;
        v.amount = Cents{l.quantity * l.unit_price.value - l.line_discount.value};
        if (i < cart.lines.size()) v.discount = cart.lines[i].discount;
        v.overridden = l.price_override_reason.has_value();
        out.push_back(std::move(v));
    }
    return out;
}

Task<Result<std::vector<LineView>>> unpriced_lines(Context& cx, const SaleRequest& cart) {
    std::vector<LineView> out;
    for (const auto& l : cart.lines) {
        LineView v;
        if (l.product_id) {
            HELM_CO_TRY(auto p, co_await catalog::load_product(cx, *l.product_id));
            v.description = p.name;
            v.sku = p.sku;
            v.list_price = p.price;
        } else {
            v.description = l.description ? *l.description : l.code.value_or("deposit");
        }
        if (l.serial_unit_id) {
            auto unit = co_await inventory::load_unit(cx, *l.serial_unit_id);
            if (unit) v.serial = unit->serial;
        }
        v.quantity = l.quantity;
        v.unit_price = l.unit_price.value_or(v.list_price);
        v.overridden = l.unit_price.has_value() && !l.custom_labor;
        v.price_reason = l.price_reason;
        v.discount = l.discount;
        out.push_back(std::move(v));
    }
    co_return out;
}

Task<Result<Page>> read_page(Context& cx, const View& v) {
    Page p;
    HELM_CO_TRY(p.reg, co_await load_register(cx, v.register_id));
    HELM_CO_TRY(p.draft, co_await open_cart(cx, v.register_id));
    HELM_CO_TRY(p.held, co_await held_count(cx));
    HELM_CO_TRY(p.drawer_open, co_await drawer_open(cx, v.register_id));
    const SaleRequest& cart = p.draft.cart;
    if (!cart.lines.empty()) {
        auto priced = co_await quote(cx, cart);
        if (priced && priced->lines.size() == cart.lines.size()) {
            p.lines = priced_lines(cart, *priced);
            p.quote = std::move(*priced);
        } else {
            if (!priced) p.quote_error = std::move(priced).error();
            HELM_CO_TRY(p.lines, co_await unpriced_lines(cx, cart));
        }
    }
    if (cart.customer_id) {
        auto customer = co_await customers::load_customer(cx, *cart.customer_id);
        if (customer) p.customer = std::move(*customer);
        HELM_CO_TRY(p.customer_facts, co_await customers::facts_about(cx, *cart.customer_id));
    }
    if (!v.q.empty()) {
        HELM_CO_TRY(auto found, co_await catalog::find_products(cx, v.q, max_matches));
        for (auto& product : found)
            if (product.active) p.matches.push_back(std::move(product));
    }
    if (v.unit_for > 0) {
        auto product = co_await catalog::load_product(cx, v.unit_for);
        if (product && product->serialized) {
            HELM_CO_TRY(auto units, co_await inventory::units_of(cx, v.unit_for));
            for (auto& u : units) {
                const bool in_cart = std::any_of(cart.lines.begin(), cart.lines.end(), [&](const LineRequest& l) { return l.serial_unit_id == u.id; });
                if (u.status == "in_stock" && !in_cart) p.units.push_back(std::move(u));
            }
            p.unit_product = std::move(*product);
        }
    }
    if (!v.customer_q.empty()) {
        HELM_CO_TRY(p.customers_found, co_await customers::find_customers(cx, v.customer_q, max_matches));
    } else if (v.customer_offer > 0 && cart.customer_id != v.customer_offer) {
        auto offered = co_await customers::load_customer(cx, v.customer_offer);
        if (offered && offered->active()) p.customers_found.push_back({std::move(*offered), false});
    }
    co_return p;
}

// A closed set of notices, so that a crafted link cannot put its own words on the page.
std::string_view notice(std::string_view done) {
    if (done == "held") return "Sale held. The register is ready for the next one.";
    if (done == "resumed") return "Held sale resumed.";
    if (done == "discarded") return "Sale discarded.";
    return {};
}

void draw_bar(Html& h, const View& v, const Page& p) {
    h.add("<p class=\"register-bar\"><span id=\"register-name\">{}</span> · <a href=\"{}\" id=\"held-link\" data-key=\"F9\">"
          "Held sales ({})</a> <kbd>F9</kbd></p>",
          p.reg.name, register_path(v.register_id, "/register/held"), p.held);
    if (!p.drawer_open)
        h.add("<p class=\"notice warn\" id=\"drawer-closed\">The cash drawer of {} is not open, so cash cannot be taken. "
              "<a href=\"/drawer\">Open the drawer</a></p>",
              p.reg.name);
    if (auto text = notice(v.done); !text.empty()) h.add("<p class=\"notice\" role=\"status\" id=\"register-notice\">{}</p>", text);
}

// A customer offered by their page's "New sale" has the focus: Enter attaches them.
bool offered(const View& v, const Page& p) { return v.customer_offer && v.customer_q.empty() && !p.customers_found.empty(); }

void draw_scan(Html& h, const View& v, const Page& p, const Outcome& o) {
    h.add("<form class=\"scan\" id=\"scan\" method=\"post\" action=\"/register/scan\" role=\"search\" aria-label=\"Add to the sale\">"
          "<label for=\"register-search\">Scan a barcode or a bike's serial, or search products</label>"
          "<input id=\"register-search\" name=\"code\" type=\"search\" value=\"{}\" maxlength=\"200\" autocomplete=\"off\"{} "
          "data-shortcut=\"/\"{}>",
          o.value(Part::scan, "code", v.q), raw(offered(v, p) ? "" : " autofocus"), fault_marks(o.at_fault(Part::scan, "code")));
    state_inputs(h, p.draft);
    h.add("<button type=\"submit\">Add</button></form>");
    if (o.failed(Part::scan)) web::form_error(h, o.error);
}

void draw_picks(Html& h, const View& v, const Page& p) {
    if (!v.q.empty()) {
        h.add("<section id=\"matches\" aria-labelledby=\"matches-title\"><h2 id=\"matches-title\">Products matching “{}”</h2>", v.q);
        if (p.matches.empty()) h.add("<p class=\"muted\" id=\"no-matches\">No product matches “{}”.</p>", v.q);
        else {
            h.add("<form method=\"post\" action=\"/register/scan\" class=\"picks\">");
            state_inputs(h, p.draft);
            h.add("<ul>");
            for (const auto& m : p.matches)
                h.add("<li><button type=\"submit\" name=\"product_id\" value=\"{}\"><strong>{}</strong> {} · {}{}</button></li>", m.id, m.name,
                      m.sku, money(m.price), m.is_stocked() && !m.serialized ? " · " + std::to_string(m.on_hand) + " on hand" : std::string());
            h.add("</ul></form>");
        }
        h.add("</section>");
    }
    if (p.unit_product) {
        const auto& product = *p.unit_product;
        h.add("<section id=\"units\" aria-labelledby=\"units-title\"><h2 id=\"units-title\">Which {}? Pick the bike by its serial</h2>",
              product.name);
        if (p.units.empty()) h.add("<p class=\"muted\" id=\"no-units\">No {} is in stock.</p>", product.sku);
        else {
            h.add("<form method=\"post\" action=\"/register/scan\" class=\"picks\"><input type=\"hidden\" name=\"product_id\" value=\"{}\">",
                  product.id);
            state_inputs(h, p.draft);
            h.add("<ul>");
            for (const auto& u : p.units)
                h.add("<li><button type=\"submit\" name=\"serial_unit_id\" value=\"{}\">{}</button></li>", u.id, u.serial);
            h.add("</ul></form>");
        }
        h.add("</section>");
    }
}

void draw_line(Html& h, const Page& p, std::int64_t no, const LineView& l, const Outcome& o) {
    const std::string row = std::to_string(no);
    h.add("<tr id=\"line-{}\"><td class=\"num\">{}</td><td><span class=\"item\">{}</span> <span class=\"muted sku\">{}</span>", no, no,
          l.description, l.sku);
    if (l.serial) h.add("<br><span class=\"serial\">Serial {}</span>", *l.serial);
    if (l.overridden) h.add("<br><span class=\"muted\">Price overridden: {}</span>", l.price_reason.value_or(""));
    h.add("</td><td class=\"num\"><form method=\"post\" action=\"/register/lines/{}\" class=\"qty\">", no);
    state_inputs(h, p.draft);
    const bool quantity_failed = o.failed_line(no) && o.error->field == "quantity";
    const std::string quantity = quantity_failed ? form_value(o.entered, "quantity") : std::to_string(l.quantity);
    h.add("<label class=\"visually-hidden\" for=\"qty-{}\">Quantity of line {}</label><input id=\"qty-{}\" name=\"quantity\" value=\"{}\" "
          "inputmode=\"numeric\" pattern=\"[0-9]+\" size=\"4\" autocomplete=\"off\"{}{}><button type=\"submit\" class=\"small\">Set</button></form></td>",
          no, no, no, quantity, raw(l.serial ? " readonly" : ""), fault_marks(quantity_failed));
    h.add("<td class=\"num\">{}", money(l.unit_price));
    if (l.overridden) h.add("<br><s class=\"muted\">{}</s>", money(l.list_price));
    h.add("</td><td class=\"num\">{}</td><td class=\"num\">{}</td>", discount_text(l.discount), l.amount ? money(*l.amount) : "—");
    h.add("<td><form method=\"post\" action=\"/register/lines/{}/remove\">", no);
    state_inputs(h, p.draft);
    h.add("<button type=\"submit\" class=\"small secondary\" aria-label=\"Remove line {}\">Remove</button></form></td></tr>", no);

    // The line's discount and price override, folded away until wanted.
    const bool failed = o.failed_line(no) && o.error->field != "quantity";
    h.add("<tr class=\"line-more\"><td></td><td colspan=\"5\"><details{}><summary>Discount or price of line {}</summary>"
          "<form method=\"post\" action=\"/register/lines/{}/price\" class=\"line-price\">",
          raw(failed ? " open" : ""), no, no);
    state_inputs(h, p.draft);
    if (failed) web::form_error(h, o.error);
    auto value = [&](std::string_view name, std::string fallback) { return failed ? form_value(o.entered, name) : fallback; };
    auto fault = [&](std::string_view field) { return fault_marks(failed && o.error->field == field); };
    h.add("<label for=\"line-{}-discount\">Discount (10% or 5.00)</label><input id=\"line-{}-discount\" name=\"discount\" value=\"{}\" "
          "maxlength=\"20\" autocomplete=\"off\"{}>",
          row, row, value("discount", discount_text(l.discount)), fault("discount"));
    h.add("<label for=\"line-{}-price\">Price (empty: the catalog's {})</label><input id=\"line-{}-price\" name=\"unit_price\" value=\"{}\" "
          "inputmode=\"decimal\" maxlength=\"20\" autocomplete=\"off\"{}>",
          row, money(l.list_price), row, value("unit_price", l.overridden ? money(l.unit_price) : ""), fault("unit_price"));
    h.add("<label for=\"line-{}-reason\">Why the price changes</label><input id=\"line-{}-reason\" name=\"price_reason\" value=\"{}\" "
          "maxlength=\"200\" autocomplete=\"off\"{}>",
          row, row, value("price_reason", l.price_reason.value_or("")), fault("price_reason"));
    h.add("<button type=\"submit\">Apply to line {}</button></form></details></td></tr>", no);
}

void draw_cart(Html& h, const Page& p, const Outcome& o) {
    if (p.lines.empty()) {
        h.add("<p class=\"muted\" id=\"empty-cart\">Nothing rung up yet: scan an item or search for it.</p>");
        return;
    }
    h.add("<table id=\"cart\" class=\"cart\"><thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Item</th>"
          "<th scope=\"col\" class=\"num\">Qty</th><th scope=\"col\" class=\"num\">Price</th><th scope=\"col\" class=\"num\">Discount</th>"
          "<th scope=\"col\" class=\"num\">Amount</th><th scope=\"col\"><span class=\"visually-hidden\">Remove</span></th></tr></thead><tbody>");
    for (std::size_t i = 0; i < p.lines.size(); ++i) draw_line(h, p, std::int64_t(i + 1), p.lines[i], o);
    h.add("</tbody></table>");
}

std::string rate_text(std::int64_t ppm) {
    Discount as_share{Discount::Kind::percent, ppm};
    return discount_text(as_share);
}

void draw_totals(Html& h, const Totals& t) {
    h.add("<dl class=\"totals\" id=\"totals\"><dt>Items</dt><dd>{}</dd>", money(t.gross));
    if (t.discount.value != 0) h.add("<dt>Discounts</dt><dd>−{}</dd>", money(t.discount));
    h.add("<dt>Subtotal</dt><dd>{}</dd>", money(t.subtotal));
    for (const auto& r : t.by_rate) h.add("<dt>{} {}</dt><dd>{}</dd>", r.name, rate_text(r.rate_ppm), money(r.tax));
    h.add("<dt>Total</dt><dd id=\"total\">{}</dd></dl>", money(t.total));
}

void draw_quote(Html& h, const Page& p) {
    if (p.quote) draw_totals(h, p.quote->totals);
    if (p.quote_error) {
        h.add("<p class=\"error\" id=\"quote-error\" role=\"alert\">{}</p>", p.quote_error->message);
        if (p.quote_error->code == Code::permission_denied)
            h.add("<p class=\"hint\" id=\"approval-hint\">A manager approves it with their PIN at the tender.</p>");
    }
}

void draw_customer(Html& h, const View& v, const Page& p, const Outcome& o) {
    h.add("<section class=\"panel\" id=\"customer\" aria-labelledby=\"customer-title\"><h2 id=\"customer-title\">Customer</h2>");
    if (o.failed(Part::customer)) web::form_error(h, o.error);
    const bool needs_one = std::any_of(p.draft.cart.lines.begin(), p.draft.cart.lines.end(), [](const LineRequest& l) { return l.serial_unit_id.has_value(); });
    if (p.draft.cart.customer_id) {
        if (p.customer)
            h.add("<p id=\"customer-name\"><a href=\"/customers/{}\">{}</a> <span class=\"muted\">#{}{}</span></p>", p.customer->id,
                  p.customer->name, p.customer->id, p.customer->tax_exempt ? " · tax exempt" : "");
        else
            h.add("<p id=\"customer-name\">Customer #{}</p>", *p.draft.cart.customer_id);
        // What the clerk should know before taking their money: the note on file, what
        // they can spend, what the shop holds of theirs, what they bought lately.
        if (p.customer && p.customer->notes) h.add("<p class=\"customer-note\" id=\"customer-note\">{}</p>", *p.customer->notes);
        customers::facts_list(h, p.customer_facts, "customer-facts");
        h.add("<form method=\"post\" action=\"/register/customer\"><input type=\"hidden\" name=\"customer_id\" value=\"\">");
        state_inputs(h, p.draft);
        h.add("<button type=\"submit\" class=\"secondary\">Detach</button></form>");
    } else if (needs_one) {
        h.add("<p class=\"hint\" id=\"customer-needed\">A bike with a serial is sold to a customer: find them here.</p>");
    }
    h.add("<form class=\"search\" method=\"get\" action=\"/register\" role=\"search\" aria-label=\"Find the customer\">");
    if (v.register_id != 1) h.add("<input type=\"hidden\" name=\"register\" value=\"{}\">", v.register_id);
    h.add("<label for=\"customer-search\">Find a customer (name, phone, email) <kbd>F8</kbd></label><input id=\"customer-search\" "
          "name=\"customer_q\" type=\"search\" value=\"{}\" maxlength=\"200\" autocomplete=\"off\" data-key=\"F8\"><button type=\"submit\" "
          "class=\"secondary\">Find</button></form>",
          v.customer_q);
    if (!v.customer_q.empty() && p.customers_found.empty())
        h.add("<p class=\"muted\" id=\"no-customers\">No customer matches “{}”.</p>", v.customer_q);
    if (!p.customers_found.empty()) {
        h.add("<form method=\"post\" action=\"/register/customer\" class=\"picks\" id=\"customer-picks\">");
        state_inputs(h, p.draft);
        h.add("<ul>");
        for (const auto& f : p.customers_found) {
            const auto& c = f.customer;
            h.add("<li><button type=\"submit\" name=\"customer_id\" value=\"{}\"{}><strong>{}</strong> #{}{}{}</button></li>", c.id,
                  raw(offered(v, p) ? " autofocus" : ""), c.name, c.id, c.phone ? " · " + *c.phone : std::string(),
                  c.email ? " · " + *c.email : std::string());
        }
        h.add("</ul></form>");
    }
    h.add("</section>");
}

void draw_sale_fields(Html& h, const Page& p, const Outcome& o) {
    const SaleRequest& cart = p.draft.cart;
    h.add("<section class=\"panel\" id=\"sale-fields\"><h2>Whole sale</h2><form method=\"post\" action=\"/register/discount\" id=\"sale-discount\">");
    state_inputs(h, p.draft);
    if (o.failed(Part::discount)) web::form_error(h, o.error);
    h.add("<label for=\"sale-discount-value\">Discount on the sale (10% or 5.00)</label><input id=\"sale-discount-value\" name=\"discount\" "
          "value=\"{}\" maxlength=\"20\" autocomplete=\"off\"{}><button type=\"submit\" class=\"secondary\">Apply</button></form>",
          o.value(Part::discount, "discount", discount_text(cart.discount)), fault_marks(o.at_fault(Part::discount, "discount")));
    h.add("<form method=\"post\" action=\"/register/note\" id=\"note-form\">");
    state_inputs(h, p.draft);
    if (o.failed(Part::note)) web::form_error(h, o.error);
    h.add("<label for=\"sale-note\">Note</label><input id=\"sale-note\" name=\"note\" value=\"{}\" maxlength=\"500\" autocomplete=\"off\"{}>"
          "<button type=\"submit\" class=\"secondary\">Save note</button></form></section>",
          o.value(Part::note, "note", cart.note.value_or("")), fault_marks(o.at_fault(Part::note, "note")));
}

// The sale's total, Tender and Hold, in a bar that stays at the foot of the screen however
// long the sale grows (the full totals stay above it, with the lines).
void draw_actions(Html& h, const View& v, const Page& p, const Outcome& o) {
    if (p.draft.id == 0 && p.draft.cart.lines.empty()) return;
    h.add("<section class=\"register-actions\" id=\"register-actions\" aria-label=\"Finish the sale\">");
    if (p.quote) h.add("<p class=\"bar-total\">Total <strong id=\"bar-total\">{}</strong></p>", money(p.quote->totals.total));
    if (!p.draft.cart.lines.empty())
        h.add("<p><a class=\"button tender\" id=\"tender-link\" href=\"{}\" accesskey=\"t\" data-key=\"F2\">Tender <kbd>F2</kbd></a></p>",
              register_path(v.register_id, "/register/tender"));
    if (p.draft.id == 0) {
        h.add("</section>");
        return;
    }
    h.add("<form method=\"post\" action=\"/register/hold\" id=\"hold-form\">");
    state_inputs(h, p.draft);
    if (o.failed(Part::hold)) web::form_error(h, o.error);
    h.add("<label for=\"hold-label\">Hold as <kbd>F4</kbd></label><input id=\"hold-label\" name=\"label\" value=\"{}\" maxlength=\"80\" "
          "placeholder=\"a name, what it waits for\" autocomplete=\"off\" data-key=\"F4\"{}><button type=\"submit\" class=\"secondary\">Hold</button></form>",
          o.value(Part::hold, "label", ""), fault_marks(o.at_fault(Part::hold, "label")));
    h.add("</section>");
}

void draw_discard(Html& h, const Page& p, const Outcome& o) {
    if (p.draft.id == 0) return;
    h.add("<section class=\"panel\" id=\"discard\"><h2>Start over</h2><form method=\"post\" action=\"/register/discard\" id=\"discard-form\">");
    state_inputs(h, p.draft);
    if (o.failed(Part::discard)) web::form_error(h, o.error);
    web::checkbox(h, "discard-confirm", "confirm", "Yes, discard this sale", false, o.at_fault(Part::discard, "confirm"));
    h.add("<button type=\"submit\" class=\"danger\">Discard sale</button></form></section>");
}

Task<Response> render_register(Context& cx, const View& v, int status, const Outcome& o) {
    HELM_CO_TRY(auto p, co_await read_page(cx, v));
    Html h;
    draw_bar(h, v, p);
    if (o.error && o.part == Part::none) web::form_error(h, o.error);
    draw_scan(h, v, p, o);
    draw_picks(h, v, p);
    h.add("<div class=\"register\"><div class=\"sale\">");
    draw_cart(h, p, o);
    draw_quote(h, p);
    draw_actions(h, v, p, o);
    h.add("</div><div class=\"side\">");
    draw_customer(h, v, p, o);
    draw_sale_fields(h, p, o);
    draw_discard(h, p, o);
    h.add("</div></div>");
    co_return Response::html(status, web::page(cx, {"register", "Register", script}, h.str()));
}

// ---------------------------------------------------------------------------------------
// Changing the cart.

// What a cart form did: the cart changed (saved, back to the register), or not, and the
// register shows what comes next (products to pick from, a bike's units).
struct Edited {
    bool changed = true;
    std::string then;  // the register's query after the redirect: "q=tube", "unit_for=4"
};
using CartEdit = Task<Result<Edited>> (*)(Context& cx, SaleRequest& cart, const Form& form, std::int64_t line_no);

// A change of prices that quote refuses as bad input (a discount larger than what it
// discounts, or on a line that takes none) is refused here, on the form it came from.
// Other refusals (no customer yet for a bike) show on the register as they are, and a
// discount over the limit is kept: a manager approves it when the sale completes.
Task<Status> priced_or_refused(Context& cx, const SaleRequest& cart, std::string_view field) {
    auto priced = co_await quote(cx, cart);
    if (priced || priced.error().code != Code::invalid_argument) co_return Ok{};
    const std::string& at = priced.error().field;
    if (at.find("discount") == std::string::npos && at.find("price") == std::string::npos) co_return Ok{};
    co_return invalid(std::string(field), std::move(priced).error().message);
}

Task<Result<Edited>> scan(Context& cx, SaleRequest& cart, const Form& form, std::int64_t) {
    std::optional<catalog::Product> product;
    std::optional<std::int64_t> unit_id;
    if (auto id_text = trimmed(form_value(form, "product_id")); !id_text.empty()) {
        HELM_CO_TRY(auto id, whole_number("product_id", id_text));
        HELM_CO_TRY(auto loaded, co_await catalog::load_product(cx, id));
        product = std::move(loaded);
    } else {
        const std::string code = trimmed(form_value(form, "code"));
        if (code.empty()) co_return invalid("code", "scan a barcode, or type what to look for");
        if (auto ok = check_code_text("code", code, 200); !ok) co_return std::move(ok).error();
        HELM_CO_TRY(auto found, co_await catalog::product_by_code(cx, code));
        if (found) {
            product = std::move(*found);
        } else {
            // A bike's frame serial finds that very bike, when exactly one is in stock.
            HELM_CO_TRY(auto units, co_await inventory::units_with_serial(cx, code));
            std::vector<inventory::SerialUnit> in_stock;
            for (auto& u : units)
                if (u.status == "in_stock") in_stock.push_back(std::move(u));
            if (in_stock.size() != 1) co_return Edited{false, "q=" + percent_encode(code)};
            HELM_CO_TRY(auto loaded, co_await catalog::load_product(cx, in_stock[0].product_id));
            product = std::move(loaded);
            unit_id = in_stock[0].id;
        }
    }
    if (auto unit_text = trimmed(form_value(form, "serial_unit_id")); !unit_text.empty()) {
        HELM_CO_TRY(unit_id, whole_number("serial_unit_id", unit_text));
    }
    if (product->serialized && !unit_id && product->active) co_return Edited{false, "unit_for=" + std::to_string(product->id)};
    if (unit_id) {
        HELM_CO_TRY(auto unit, co_await inventory::load_unit(cx, *unit_id));
        if (unit.product_id != product->id) co_return invalid("serial_unit_id", "that serial is not a " + product->sku);
        if (unit.status != "in_stock")
            co_return Error{Code::failed_precondition, product->sku + " unit " + std::to_string(unit.id) + " is " + unit.status + ", not in stock", "code"};
    }
    if (auto ok = add_product(cart, *product, unit_id); !ok) co_return std::move(ok).error();
    co_return Edited{};
}

Task<Result<Edited>> quantity(Context&, SaleRequest& cart, const Form& form, std::int64_t line_no) {
    HELM_CO_TRY(auto n, whole_number("quantity", trimmed(form_value(form, "quantity"))));
    if (auto ok = set_quantity(cart, line_no, n); !ok) co_return std::move(ok).error();
    co_return Edited{};
}

Task<Result<Edited>> remove(Context&, SaleRequest& cart, const Form&, std::int64_t line_no) {
    if (auto ok = remove_line(cart, line_no); !ok) co_return std::move(ok).error();
    co_return Edited{};
}

Task<Result<Edited>> line_price(Context& cx, SaleRequest& cart, const Form& form, std::int64_t line_no) {
    HELM_CO_TRY(auto discount, discount_from_text("discount", form_value(form, "discount")));
    std::optional<Cents> price;
    if (auto text = trimmed(form_value(form, "unit_price")); !text.empty()) {
        auto parsed = parse_cents(text);
        if (!parsed) co_return invalid("unit_price", "a price is an amount like 12.50");
        price = *parsed;
    }
    auto reason = optional_text(form, "price_reason");
    if (auto ok = set_line_price(cart, line_no, discount, price, reason); !ok) co_return std::move(ok).error();
    auto priced = co_await priced_or_refused(cx, cart, "discount");
    if (!priced) co_return std::move(priced).error();
    co_return Edited{};
}

Task<Result<Edited>> attach_customer(Context& cx, SaleRequest& cart, const Form& form, std::int64_t) {
    const std::string id_text = trimmed(form_value(form, "customer_id"));
    if (id_text.empty()) {
        cart.customer_id.reset();
        co_return Edited{};
    }
    HELM_CO_TRY(auto id, whole_number("customer_id", id_text));
    HELM_CO_TRY(auto customer, co_await customers::load_customer(cx, id));
    if (customer.merged_into_id)
        co_return Error{Code::failed_precondition, customer.name + " was merged into customer #" + std::to_string(*customer.merged_into_id), "customer_id"};
    if (customer.erased_at_ms) co_return Error{Code::failed_precondition, "that customer's data was erased", "customer_id"};
    cart.customer_id = id;
    co_return Edited{};
}

Task<Result<Edited>> sale_discount(Context& cx, SaleRequest& cart, const Form& form, std::int64_t) {
    HELM_CO_TRY(cart.discount, discount_from_text("discount", form_value(form, "discount")));
    if (!cart.lines.empty()) {
        auto priced = co_await priced_or_refused(cx, cart, "discount");
        if (!priced) co_return std::move(priced).error();
    }
    co_return Edited{};
}

Task<Result<Edited>> note(Context&, SaleRequest& cart, const Form& form, std::int64_t) {
    HELM_CO_TRY(cart.note, typed_text("note", form_value(form, "note"), 500));
    co_return Edited{};
}

// A cart form's post: the change on the cart the page showed, saved, and 303 back to the
// register; or the register again with the form's error (409 when the cart moved on).
Task<Response> cart_post(Context& cx, const Request& rq, CartEdit edit, Part part) {
    Outcome o;
    o.part = part;
    o.entered = parse_form(rq.body);
    View v;
    auto done = co_await [&]() -> Task<Result<std::string>> {
        HELM_CO_TRY(auto seen, seen_from_form(o.entered));
        v.register_id = seen.register_id;
        if (part == Part::line) {
            HELM_CO_TRY(o.line_no, path_id(rq, "line"));
        }
        HELM_CO_TRY(auto draft, co_await cart_as_seen(cx, seen));
        SaleRequest cart = draft.cart;
        HELM_CO_TRY(auto edited, co_await edit(cx, cart, o.entered, o.line_no));
        if (edited.changed) {
            HELM_CO_TRY(auto saved, co_await save_cart(cx, seen, cart));
            (void)saved;
        }
        co_return register_path(seen.register_id, "/register", edited.then);
    }();
    if (done) co_return Response::redirect(*done);
    o.error = std::move(done).error();
    // A refusal no form on the page stands for shows above them all.
    static constexpr std::string_view line_fields[] = {"quantity", "discount", "unit_price", "price_reason"};
    if (o.error->code == Code::conflict || o.error->field == "version" ||
        (part == Part::line && std::find(std::begin(line_fields), std::end(line_fields), o.error->field) == std::end(line_fields)))
        o.part = Part::none;
    co_return co_await render_register(cx, v, Response::http_status(o.error->code), o);
}

// ---------------------------------------------------------------------------------------
// Held sales.

std::string age(std::int64_t ms) {
    const std::int64_t minutes = std::max<std::int64_t>(ms / 60'000, 0);
    if (minutes < 60) return std::to_string(minutes) + " min";
    if (minutes < 48 * 60) return std::to_string(minutes / 60) + " h";
    return std::to_string(minutes / (24 * 60)) + " days";
}

std::int64_t items_of(const SaleRequest& cart) {
    std::int64_t n = 0;
    for (const auto& l : cart.lines) n += l.quantity;
    return n;
}

Task<Response> render_held(Context& cx, std::int64_t register_id, int status, const std::optional<Error>& error) {
    HELM_CO_TRY(auto reg, co_await load_register(cx, register_id));
    HELM_CO_TRY(auto held, co_await held_carts(cx, max_held));
    Html h;
    h.add("<p><a href=\"{}\" data-key=\"F9\">‹ Back to {}</a> <kbd>F9</kbd></p>", register_path(register_id), reg.name);
    web::form_error(h, error);
    if (held.empty()) {
        h.add("<p class=\"muted\" id=\"no-held\">No sales are held.</p>");
        co_return Response::html(status, web::page(cx, {"register", "Held sales", script}, h.str()));
    }
    h.add("<table id=\"held\" class=\"held\"><thead><tr><th scope=\"col\">Label</th><th scope=\"col\" class=\"num\">Items</th>"
          "<th scope=\"col\" class=\"num\">Total</th><th scope=\"col\">Held</th><th scope=\"col\">By</th><th scope=\"col\">"
          "<span class=\"visually-hidden\">Resume or discard</span></th></tr></thead><tbody>");
    const std::int64_t now = cx.now_ms();
    bool first = true;
    for (const auto& d : held) {
        std::string total = "—";
        if (!d.cart.lines.empty()) {
            auto priced = co_await quote(cx, d.cart);
            if (priced) total = money(priced->totals.total);
        }
        h.add("<tr id=\"held-{}\"><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} ago</td><td>{}</td><td>",
              d.id, d.label.value_or("(no label)"), items_of(d.cart), total, age(now - d.updated_at_ms), d.staff_name.value_or(""));
        h.add("<form method=\"post\" action=\"/register/held/{}/resume\"><input type=\"hidden\" name=\"register\" value=\"{}\">"
              "<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\"{}>Resume</button></form>",
              d.id, register_id, d.version, raw(first ? " autofocus" : ""));
        h.add("<form method=\"post\" action=\"/register/held/{}/discard\" class=\"discard-held\"><input type=\"hidden\" name=\"register\" value=\"{}\">"
              "<input type=\"hidden\" name=\"version\" value=\"{}\"><label class=\"check\"><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
              "required> sure</label><button type=\"submit\" class=\"danger small\">Discard</button></form></td></tr>",
              d.id, register_id, d.version);
        first = false;
    }
    h.add("</tbody></table>");
    co_return Response::html(status, web::page(cx, {"register", "Held sales", script}, h.str()));
}

// ---------------------------------------------------------------------------------------
// The tender.

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
        p.amount = Cents{std::min(amount.value, due.value)};
        p.reference.reset();
        return p;
    }
    if (amount.value > due.value) return invalid("amount", "only cash gives change: take at most " + format_cents(due));
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
        if (p.tendered) change.value += p.tendered->value - p.amount.value;
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

struct TenderOutcome {
    std::optional<Error> error;
    bool ask_approval = false;  // the completion needs a manager's PIN, or theirs was refused
    Form entered;  // the add-payment fields as sent, when they were refused
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
              money(priced->totals.total), money(priced->paid), money(Cents{std::max<std::int64_t>(due.value, 0)}));
        if (Cents change = change_of(t.payments); change.value > 0)
            h.add("<p class=\"change\" id=\"change\" role=\"status\">Change: <strong>{}</strong></p>", money(change));
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
              money(due), refused ? form_value(o.entered, "amount") : "", money(due), raw(ask_approval ? "" : " autofocus"), fault("amount"));
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
                  tender_label(p.tender), p.reference.value_or(""), money(p.amount), p.tendered ? money(*p.tendered) : std::string(),
                  p.tendered ? money(Cents{p.tendered->value - p.amount.value}) : std::string(), i);
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

// ---------------------------------------------------------------------------------------
// Handlers.

Task<Response> register_page(Context& cx, const Request& rq) {
    View v;
    HELM_CO_TRY(v.register_id, query_number(rq, "register", 1, 1, max_safe_integer));
    v.q = trimmed(rq.query_value("q"));
    v.customer_q = trimmed(rq.query_value("customer_q"));
    HELM_CO_TRY(v.customer_offer, query_number(rq, "customer", 0, 0, max_safe_integer));
    HELM_CO_TRY(v.unit_for, query_number(rq, "unit_for", 0, 0, max_safe_integer));
    v.done = rq.query_value("done");
    const Outcome none;
    co_return co_await render_register(cx, v, 200, none);
}

Task<Response> scan_from_form(Context& cx, const Request& rq) { co_return co_await cart_post(cx, rq, scan, Part::scan); }
Task<Response> quantity_from_form(Context& cx, const Request& rq) { co_return co_await cart_post(cx, rq, quantity, Part::line); }
Task<Response> remove_line_from_form(Context& cx, const Request& rq) { co_return co_await cart_post(cx, rq, remove, Part::line); }
Task<Response> line_price_from_form(Context& cx, const Request& rq) { co_return co_await cart_post(cx, rq, line_price, Part::line); }
Task<Response> customer_from_form(Context& cx, const Request& rq) { co_return co_await cart_post(cx, rq, attach_customer, Part::customer); }
Task<Response> sale_discount_from_form(Context& cx, const Request& rq) { co_return co_await cart_post(cx, rq, sale_discount, Part::discount); }
Task<Response> note_from_form(Context& cx, const Request& rq) { co_return co_await cart_post(cx, rq, note, Part::note); }

Task<Response> hold_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.part = Part::hold;
    o.entered = parse_form(rq.body);
    View v;
    auto held = co_await [&]() -> Task<Result<Draft>> {
        HELM_CO_TRY(auto seen, seen_from_form(o.entered));
        v.register_id = seen.register_id;
        std::optional<std::string> label = optional_text(o.entered, "label");
        co_return co_await hold_cart(cx, seen, std::move(label));
    }();
    if (held) co_return Response::redirect(register_path(v.register_id, "/register", "done=held"));
    o.error = std::move(held).error();
    if (o.error->code == Code::conflict) o.part = Part::none;
    co_return co_await render_register(cx, v, Response::http_status(o.error->code), o);
}

Task<Response> discard_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.part = Part::discard;
    o.entered = parse_form(rq.body);
    View v;
    auto discarded = co_await [&]() -> Task<Status> {
        HELM_CO_TRY(auto seen, seen_from_form(o.entered));
        v.register_id = seen.register_id;
        if (!web::ticked(o.entered, "confirm")) co_return invalid("confirm", "tick the box to discard the sale");
        HELM_CO_TRY(auto draft, co_await cart_as_seen(cx, seen));
        co_return co_await discard_cart(cx, draft.id, draft.version);
    }();
    if (discarded) co_return Response::redirect(register_path(v.register_id, "/register", "done=discarded"));
    o.error = std::move(discarded).error();
    if (o.error->code == Code::conflict) o.part = Part::none;
    co_return co_await render_register(cx, v, Response::http_status(o.error->code), o);
}

Task<Response> held_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto register_id, query_number(rq, "register", 1, 1, max_safe_integer));
    const std::optional<Error> none;
    co_return co_await render_held(cx, register_id, 200, none);
}

Task<Response> resume_from_form(Context& cx, const Request& rq) {
    const Form form = parse_form(rq.body);
    std::int64_t register_id = 1;
    auto resumed = co_await [&]() -> Task<Result<Draft>> {
        HELM_CO_TRY(auto id, path_id(rq, "held sale"));
        HELM_CO_TRY(register_id, form_number(form, "register", 1));
        HELM_CO_TRY(auto version, form_number(form, "version", 0));
        co_return co_await resume_held(cx, id, version, register_id);
    }();
    if (resumed) co_return Response::redirect(register_path(register_id, "/register", "done=resumed"));
    const std::optional<Error> error = std::move(resumed).error();
    co_return co_await render_held(cx, register_id, Response::http_status(error->code), error);
}

Task<Response> discard_held_from_form(Context& cx, const Request& rq) {
    const Form form = parse_form(rq.body);
    std::int64_t register_id = 1;
    auto discarded = co_await [&]() -> Task<Status> {
        HELM_CO_TRY(auto id, path_id(rq, "held sale"));
        HELM_CO_TRY(register_id, form_number(form, "register", 1));
        HELM_CO_TRY(auto version, form_number(form, "version", 0));
        if (!web::ticked(form, "confirm")) co_return invalid("confirm", "tick “sure” to discard a held sale");
        HELM_CO_TRY(auto draft, co_await load_draft(cx, id));
        if (draft.status != "held") co_return Error{Code::conflict, "that sale is no longer held", "version"};
        co_return co_await discard_cart(cx, id, version);
    }();
    if (discarded) co_return Response::redirect(register_path(register_id, "/register/held"));
    const std::optional<Error> error = std::move(discarded).error();
    co_return co_await render_held(cx, register_id, Response::http_status(error->code), error);
}

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
