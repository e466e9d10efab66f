// The Stock screens: receive, adjust, find a serial, counts and a unit's page. Plain HTML
// forms over the same functions as the API; a scanner types into the focused code box.
// Keys (shell.js): "/" finds a serial, "r" receives, "a" adjusts.
#include "inventory/views/stock_pages.hpp"

#include "catalog/products.hpp"
#include "core/fields.hpp"
#include "core/time.hpp"
#include "inventory/inventory.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::inventory {
namespace {

using web::fault_marks;

enum class Part { none, receive, adjust, count, line, move, write_off };

using Outcome = web::FormOutcome<Part>;

void error_of(Html& h, const Outcome& o, Part p) {
    if (o.failed(p)) web::form_error(h, o.error);
}

void input(Html& h, const Outcome& o, Part p, std::string_view id, std::string_view name, std::string_view label, std::string_view attrs,
           std::string_view fallback = {}) {
    const std::string value = o.failed(p) ? form_value(o.entered, name) : std::string(fallback);
    web::text_input(h, {id, name, label, value, attrs, o.at_fault(p, name)});
}

Task<Result<catalog::Product>> product_by_code_field(Context& cx, const Form& form) {
    const std::string code = trimmed(form_value(form, "product"));
    if (code.empty()) co_return invalid("product", "scan or type the product's barcode or SKU");
    HELM_CO_TRY(auto found, co_await catalog::product_by_code(cx, code));
    if (!found) co_return invalid("product", "no product has this barcode or SKU");
    co_return std::move(*found);
}

Task<Response> render_stock(Context& cx, const Request& rq, int status, const Outcome& o) {
    Html h;
    if (auto id = rq.query_value("product"); !id.empty() && o.part == Part::none) {
        auto done = rq.query_value("done");
        auto found = co_await catalog::product_by_code(cx, id);
        if (found && *found && (done == "received" || done == "adjusted"))
            h.add("<p class=\"notice\" role=\"status\">{} {}: {} on hand now.</p>", done == "received" ? "Received" : "Adjusted",
                  (*found)->sku, (*found)->on_hand);
    }
    const std::string serial = trimmed(rq.query_value("serial"));
    h.add("<form class=\"search\" method=\"get\" action=\"/stock\" role=\"search\"><label for=\"serial-search\">Find a bike by its "
          "serial</label><input id=\"serial-search\" name=\"serial\" type=\"search\" value=\"{}\" autocomplete=\"off\" "
          "data-shortcut=\"/\"{}>"
          "<button type=\"submit\">Find</button></form>",
          serial, raw(o.part == Part::none ? " autofocus" : ""));
    if (!serial.empty()) {
        HELM_CO_TRY(auto units, co_await units_with_serial(cx, serial));
        if (units.empty()) h.add("<p class=\"muted\" id=\"no-units\">No unit has the serial {}.</p>", serial);
        h.add("<ul class=\"units\">");
        for (const auto& u : units)
            h.add("<li><a href=\"/stock/units/{}\">{}</a> · {} {} · {}</li>", u.id, u.serial, u.sku, u.product_name,
                  words_for(unit_status_words, u.status));
        h.add("</ul>");
    }

    h.add("<div class=\"columns\"><form class=\"card\" id=\"receive\" method=\"post\" action=\"/stock/receive\"><h2>Receive stock</h2>");
    error_of(h, o, Part::receive);
    input(h, o, Part::receive, "receive-product", "product", "Product (barcode or SKU)", "required autocomplete=\"off\" data-shortcut=\"r\"",
          rq.query_value("receive"));
    input(h, o, Part::receive, "receive-quantity", "quantity", "Quantity", "required inputmode=\"numeric\" pattern=\"[0-9]+\"");
    input(h, o, Part::receive, "receive-cost", "unit_cost", "Unit cost", "required inputmode=\"decimal\" placeholder=\"0.00\"");
    input(h, o, Part::receive, "receive-reference", "reference", "Reference (packing slip, PO)", "maxlength=\"120\"");
    h.add("<label for=\"receive-serials\">Serials, one per line (serialized products)</label><textarea id=\"receive-serials\" "
          "name=\"serials\" rows=\"3\"{}>{}</textarea>",
          fault_marks(o.at_fault(Part::receive, "serials")), o.value(Part::receive, "serials"));
    h.add("<button type=\"submit\">Receive</button></form>");

    h.add("<form class=\"card\" id=\"adjust\" method=\"post\" action=\"/stock/adjust\"><h2>Adjust stock</h2>");
    error_of(h, o, Part::adjust);
    input(h, o, Part::adjust, "adjust-product", "product", "Product (barcode or SKU)", "required autocomplete=\"off\" data-shortcut=\"a\"");
    input(h, o, Part::adjust, "adjust-quantity", "quantity", "Change (−2 takes two away)", "required inputmode=\"numeric\" pattern=\"[-+]?[0-9]+\"");
    input(h, o, Part::adjust, "adjust-reason", "reason", "Reason", "required minlength=\"3\" maxlength=\"500\"");
    h.add("<button type=\"submit\">Adjust</button></form></div>");

    HELM_CO_TRY(auto reorder, co_await reorder_list(cx));
    h.add("<h2 id=\"reorder\">To reorder</h2>");
    if (reorder.empty()) h.add("<p class=\"muted\">Nothing is at or below its reorder point.</p>");
    else {
        h.add("<table id=\"reorder-list\"><thead><tr><th scope=\"col\">SKU</th><th scope=\"col\">Name</th><th scope=\"col\" class=\"num\">"
              "On hand</th><th scope=\"col\" class=\"num\">Reorder at</th><th scope=\"col\" class=\"num\">Order</th></tr></thead><tbody>");
        for (const auto& p : reorder)
            h.add("<tr><td>{}</td><td><a href=\"/products/{}\">{}</a></td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
                  "<td class=\"num\">{}</td></tr>",
                  p["sku"].get<std::string>(), p["id"].get<std::int64_t>(), p["name"].get<std::string>(), p["on_hand"].get<std::int64_t>(),
                  p["reorder_min"].get<std::int64_t>(), p["suggested"].get<std::int64_t>());
        h.add("</tbody></table>");
    }

    HELM_CO_TRY(auto counts, co_await list_counts(cx));
    h.add("<h2 id=\"counts\">Counts</h2>");
    if (counts.empty()) h.add("<p class=\"muted\">No counts yet.</p>");
    h.add("<ul class=\"counts\">");
    for (const auto& c : counts)
        h.add("<li><a href=\"/stock/counts/{}\">Count {}</a> · {} · started {}{}</li>", c.id, c.id, c.status, web::local_time(cx, c.started_at_ms),
              c.note ? " · " + *c.note : std::string());
    h.add("</ul><form method=\"post\" action=\"/stock/counts\" class=\"inline\">");
    error_of(h, o, Part::count);
    input(h, o, Part::count, "count-note", "note", "Note (which shelf, which day)", "maxlength=\"200\"");
    h.add("<button type=\"submit\">Start a count</button></form>");
    co_return Response::html(status, web::page(cx, {"stock", "Stock"}, h.str()));
}

Task<Response> stock_post(Context& cx, const Request& rq, Part part) {
    Outcome o;
    o.part = part;
    o.entered = parse_form(rq.body);
    auto done = co_await [&]() -> Task<Result<catalog::Product>> {
        HELM_CO_TRY(auto product, co_await product_by_code_field(cx, o.entered));
        if (part == Part::receive) {
            HELM_CO_TRY(auto receipt, receipt_from_form(o.entered));
            co_return co_await receive(cx, product, receipt);
        }
        HELM_CO_TRY(auto adjustment, adjustment_from_form(o.entered));
        co_return co_await adjust(cx, product, adjustment);
    }();
    if (done)
        co_return Response::redirect("/stock?done=" + std::string(part == Part::receive ? "received" : "adjusted") +
                                     "&product=" + percent_encode(done->sku));
    o.error = std::move(done).error();
    co_return co_await render_stock(cx, rq, Response::http_status(o.error->code), o);
}

std::string count_path(std::int64_t id) { return "/stock/counts/" + std::to_string(id); }

Task<Response> render_count(Context& cx, std::int64_t id, int status, const Outcome& o) {
    HELM_CO_TRY(auto sheet, co_await load_count(cx, id));
    Html h;
    h.add("<p><a href=\"/stock\">Stock</a> › Count {}</p><p>{}{} · started {}</p>", id, sheet.status,
          sheet.note ? " · " + *sheet.note : std::string(), web::local_time(cx, sheet.started_at_ms));
    if (sheet.status == "open") {
        h.add("<form class=\"card\" id=\"count-line\" method=\"post\" action=\"{}/lines\"><h2>Count a product</h2>", count_path(id));
        error_of(h, o, Part::line);
        input(h, o, Part::line, "count-code", "code", "Barcode or SKU", "required autocomplete=\"off\" autofocus");
        input(h, o, Part::line, "count-counted", "counted", "Counted on the shelf", "required inputmode=\"numeric\" pattern=\"[0-9]+\"");
        h.add("<button type=\"submit\">Record</button></form>");
    }
    h.add("<h2>Variance</h2><table class=\"count\" id=\"variance\"><thead><tr><th scope=\"col\">SKU</th><th scope=\"col\">Name</th>"
          "<th scope=\"col\" class=\"num\">On hand</th><th scope=\"col\" class=\"num\">Counted</th><th scope=\"col\" class=\"num\">Variance</th>"
          "<th scope=\"col\" class=\"num\">At cost</th></tr></thead><tbody>");
    for (const auto& line : sheet.lines)
        h.add("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
              line["sku"].get<std::string>(), line["name"].get<std::string>(), line["on_hand"].get<std::int64_t>(),
              line["counted"].get<std::int64_t>(), line["variance"].get<std::int64_t>(),
              format_cents(Cents{line["variance_cost_cents"].get<std::int64_t>()}));
    h.add("</tbody></table>");
    if (sheet.status == "open")
        h.add("<form method=\"post\" action=\"{}/post\"><p class=\"hint\">Posting writes each variance to the stock ledger and "
              "closes the count.</p><button type=\"submit\">Post the variance</button></form>",
              count_path(id));
    co_return Response::html(status, web::page(cx, {"stock", "Count " + std::to_string(id)}, h.str()));
}

std::string unit_path(std::int64_t id) { return "/stock/units/" + std::to_string(id); }

Task<Response> render_unit(Context& cx, std::int64_t id, int status, const Outcome& o) {
    HELM_CO_TRY(auto unit, co_await load_unit(cx, id));
    HELM_CO_TRY(auto history, co_await unit_history(cx, id));
    Html h;
    h.add("<p><a href=\"/stock\">Stock</a> › <a href=\"/products/{}\">{}</a> › {}</p><p id=\"unit-status\">{} · cost {}</p>",
          unit.product_id, unit.sku, unit.serial, words_for(unit_status_words, unit.status), format_cents(unit.cost));
    h.add("<form class=\"card\" method=\"post\" action=\"{}\"><h2>Move this unit</h2>", unit_path(id));
    error_of(h, o, Part::move);
    // Sold, returned and voided bikes move with their sale at the register.
    static constexpr Choice moves[] = {{"reserved", "On hold"}, {"in_stock", "Back on the floor (in stock)"},
                                       {"with_customer", "Out on a test ride"}};
    web::select(h, "unit-to", "status", "New status", moves, o.value(Part::move, "status"), o.at_fault(Part::move, "status"));
    input(h, o, Part::move, "unit-reference", "reference", "Reference (why, or for whom)", "maxlength=\"120\"");
    h.add("<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Move</button></form>", unit.version);
    if (cx.session && cx.session->can("action.inventory_adjust")) {
        h.add("<form class=\"card\" method=\"post\" action=\"{}/adjust\"><h2>Lost, damaged or found</h2>", unit_path(id));
        error_of(h, o, Part::write_off);
        static constexpr Choice adjustments[] = {{"lost", "Lost"}, {"damaged", "Damaged"}, {"in_stock", "Found (back in stock)"}};
        web::select(h, "unit-adjust-to", "status", "It is now", adjustments, o.value(Part::write_off, "status"),
                    o.at_fault(Part::write_off, "status"));
        input(h, o, Part::write_off, "unit-adjust-reason", "reason", "Reason", "required minlength=\"3\" maxlength=\"500\"");
        h.add("<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Adjust the stock</button></form>", unit.version);
    }
    h.add("<h2>History</h2><table id=\"unit-history\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">From</th>"
          "<th scope=\"col\">To</th><th scope=\"col\">Reference</th></tr></thead><tbody>");
    for (const auto& e : history)
        h.add("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", web::local_time(cx, e.at_ms),
              e.from_status ? words_for(unit_status_words, *e.from_status) : "(arrived)", words_for(unit_status_words, e.to_status),
              e.reference.value_or(""));
    h.add("</tbody></table>");
    co_return Response::html(status, web::page(cx, {"stock", unit.serial}, h.str()));
}

}  // namespace

Task<Response> stock_page(Context& cx, const Request& rq) {
    const Outcome none;
    co_return co_await render_stock(cx, rq, 200, none);
}

Task<Response> receive_from_form(Context& cx, const Request& rq) { co_return co_await stock_post(cx, rq, Part::receive); }
Task<Response> adjust_from_form(Context& cx, const Request& rq) { co_return co_await stock_post(cx, rq, Part::adjust); }

Task<Response> start_count_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.part = Part::count;
    o.entered = parse_form(rq.body);
    const std::string note = trimmed(form_value(o.entered, "note"));
    if (auto ok = note.empty() ? Status(Ok{}) : check_text("note", note, 200); !ok) {
        o.error = std::move(ok).error();
        co_return co_await render_stock(cx, rq, 400, o);
    }
    std::optional<std::string> given;  // g++ 12 miscompiles a ?: temporary passed into a coroutine
    if (!note.empty()) given = note;
    HELM_CO_TRY(auto sheet, co_await start_count(cx, std::move(given)));
    co_return Response::redirect(count_path(sheet.id));
}

Task<Response> count_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "count"));
    const Outcome none;
    co_return co_await render_count(cx, id, 200, none);
}

Task<Response> count_line_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "count"));
    Outcome o;
    o.part = Part::line;
    o.entered = parse_form(rq.body);
    auto done = co_await [&]() -> Task<Result<CountSheet>> {
        const std::string code = trimmed(form_value(o.entered, "code"));
        HELM_CO_TRY(auto found, co_await catalog::product_by_code(cx, code));
        if (!found) co_return invalid("code", "no product has this barcode or SKU");
        HELM_CO_TRY(auto counted, whole_number("counted", trimmed(form_value(o.entered, "counted"))));
        co_return co_await set_counted(cx, id, *found, counted);
    }();
    if (done) co_return Response::redirect(count_path(id));
    o.error = std::move(done).error();
    co_return co_await render_count(cx, id, Response::http_status(o.error->code), o);
}

Task<Response> post_count_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "count"));
    HELM_CO_TRY(auto sheet, co_await close_count(cx, id, true));
    co_return Response::redirect(count_path(sheet.id));
}

Task<Response> unit_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "serial unit"));
    const Outcome none;
    co_return co_await render_unit(cx, id, 200, none);
}

namespace {

// The unit form's move, or its adjustment with the reason given.
Task<Response> unit_form(Context& cx, const Request& rq, Part part) {
    HELM_CO_TRY(auto id, path_id(rq, "serial unit"));
    Outcome o;
    o.part = part;
    o.entered = parse_form(rq.body);
    UnitMove move;
    move.to_status = form_value(o.entered, "status");
    if (auto ref = trimmed(form_value(o.entered, "reference")); !ref.empty()) move.reference = ref;
    if (part == Part::write_off) move.reason = form_value(o.entered, "reason");
    if (auto version = whole_number("version", form_value(o.entered, "version")); version) move.version = *version;
    std::optional<Result<SerialUnit>> moved;  // no co_await inside ?: (docs/architecture.md)
    if (part == Part::write_off)
        moved.emplace(co_await adjust_unit(cx, id, move));
    else
        moved.emplace(co_await move_unit(cx, id, move));
    if (*moved) co_return Response::redirect(unit_path(id));
    o.error = std::move(*moved).error();
    co_return co_await render_unit(cx, id, Response::http_status(o.error->code), o);
}

}  // namespace

Task<Response> move_unit_from_form(Context& cx, const Request& rq) { co_return co_await unit_form(cx, rq, Part::move); }
Task<Response> adjust_unit_from_form(Context& cx, const Request& rq) { co_return co_await unit_form(cx, rq, Part::write_off); }

}  // namespace helm::inventory
