// A product's stock as its page in the catalog shows it, below its details: its serial
// units and its latest movements (catalog/products.hpp stock_sections_html, filled in by
// the app: catalog cannot include inventory, which depends on it).
#include "core/html.hpp"
#include "core/money.hpp"
#include "inventory/inventory.hpp"
#include "inventory/views/stock_pages.hpp"
#include "web/layout.hpp"

namespace helm::inventory {

Task<Result<std::string>> product_stock_html(Context& cx, const catalog::Product& p) {
    Html h;
    if (p.serialized) {
        HELM_CO_TRY(auto units, co_await units_of(cx, p.id));
        h.add("<h2>Serial units</h2><table id=\"units\"><thead><tr><th scope=\"col\">Serial</th><th scope=\"col\">Status</th>"
              "<th scope=\"col\" class=\"num\">Cost</th></tr></thead><tbody>");
        for (const auto& u : units)
            h.add("<tr><td><a href=\"/stock/units/{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td></tr>", u.id, u.serial, words_for(unit_status_words, u.status),
                  format_cents(u.cost));
        h.add("</tbody></table>");
    }
    if (p.is_stocked()) {
        HELM_CO_TRY(auto movements, co_await movements_of(cx, p.id, 50));
        h.add("<h2>Stock movements</h2><table id=\"movements\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Reason</th>"
              "<th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Unit cost</th><th scope=\"col\">Reference</th>"
              "<th scope=\"col\">Serial</th><th scope=\"col\">By</th></tr></thead><tbody>");
        for (const auto& m : movements)
            h.add("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                  web::local_time(cx, m.at_ms), words_for(movement_reason_words, m.reason), m.quantity, format_cents(m.unit_cost), m.reference.value_or(m.note.value_or("")),
                  m.serial.value_or(""), m.staff_name.value_or(""));
        h.add("</tbody></table>");
    }
    co_return h.take();
}

}  // namespace helm::inventory
