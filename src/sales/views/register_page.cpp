// The register screen. The cart lives on the server (drafts.hpp): every form carries the
// register, the cart's id and the version the page showed, changes it, and redirects back
// to /register, where the search box has the focus again, so a scanner can go on typing.
// A change made on a stale page (another tab) is refused with 409 and the cart as it is.
// Totals come from sales::quote; its refusals show as the form's error. Held sales and the
// tender are screens of their own (held_page.cpp, tender_page.cpp).
// Keys (register.js): F2 tender (then complete), F4 hold, F8 customer search, F9 held sales.
#include "sales/views/register_page.hpp"

#include <algorithm>

#include "catalog/products.hpp"
#include "core/fields.hpp"
#include "customers/customers.hpp"
#include "customers/views/customer_pages.hpp"
#include "inventory/inventory.hpp"
#include "sales/document.hpp"
#include "sales/drafts.hpp"
#include "sales/views/register_forms.hpp"
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

constexpr int max_matches = 20;

// Which form of the page was sent, so that its error shows in it.
enum class Part { none, scan, line, customer, discount, note, hold, discard };

struct Outcome : web::FormOutcome<Part> {
    std::int64_t line_no = 0;  // Part::line: which line's form
    bool failed_line(std::int64_t no) const { return failed(Part::line) && line_no == no; }
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

std::optional<std::string> optional_text(const Form& form, std::string_view name) {
    std::string text = trimmed(form_value(form, name));
    if (text.empty()) return std::nullopt;
    return text;
}

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
        v.amount = l.unit_price * l.quantity - l.line_discount;
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
                      m.sku, format_cents(m.price), m.is_stocked() && !m.serialized ? " · " + std::to_string(m.on_hand) + " on hand" : std::string());
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
    h.add("<td class=\"num\">{}", format_cents(l.unit_price));
    if (l.overridden) h.add("<br><s class=\"muted\">{}</s>", format_cents(l.list_price));
    h.add("</td><td class=\"num\">{}</td><td class=\"num\">{}</td>", discount_text(l.discount), l.amount ? format_cents(*l.amount) : "—");
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
          row, format_cents(l.list_price), row, value("unit_price", l.overridden ? format_cents(l.unit_price) : ""), fault("unit_price"));
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
    h.add("<dl class=\"totals\" id=\"totals\"><dt>Items</dt><dd>{}</dd>", format_cents(t.gross));
    if (t.discount.value != 0) h.add("<dt>Discounts</dt><dd>−{}</dd>", format_cents(t.discount));
    h.add("<dt>Subtotal</dt><dd>{}</dd>", format_cents(t.subtotal));
    for (const auto& r : t.by_rate) h.add("<dt>{} {}</dt><dd>{}</dd>", r.name, rate_text(r.rate_ppm), format_cents(r.tax));
    h.add("<dt>Total</dt><dd id=\"total\">{}</dd></dl>", format_cents(t.total));
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
    if (p.quote) h.add("<p class=\"bar-total\">Total <strong id=\"bar-total\">{}</strong></p>", format_cents(p.quote->totals.total));
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
    HELM_CO_TRY(auto priced, co_await priced_or_refused(cx, cart, "discount"));
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
        HELM_CO_TRY(auto priced, co_await priced_or_refused(cx, cart, "discount"));
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

}  // namespace helm::sales
