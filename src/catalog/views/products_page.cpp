// The Products screen: search (a scanner types into the focused box), the list, and a
// form to add a product. Plain HTML forms; /static/products.js only adds shortcuts.
#include "catalog/views/products_page.hpp"

#include "catalog/products.hpp"
#include "core/html.hpp"
#include "web/layout.hpp"

namespace helm::catalog {
namespace {

struct PageState {
    std::string query;
    std::vector<Product> products;
    Form entered;  // what the form held when it came back with an error
    std::optional<Error> error;
    std::string added_sku;
};

void field(Html& h, const PageState& s, std::string_view name, std::string_view label, std::string_view attrs) {
    const bool at_fault = s.error && (s.error->field == name || (name == "price" && s.error->field == "price_cents"));
    h.add("<label for=\"product-{}\">{}</label><input id=\"product-{}\" name=\"{}\" value=\"{}\" {}{}>", name, label, name,
          name, form_value(s.entered, name), raw(attrs),
          raw(at_fault ? " aria-invalid=\"true\" aria-describedby=\"form-error\"" : ""));
}

std::string render(const Context& cx, const PageState& s) {
    Html h;
    h.add("<form class=\"search\" method=\"get\" action=\"/products\" role=\"search\">"
          "<label for=\"product-search\">Search by name, SKU or barcode</label>"
          "<input id=\"product-search\" name=\"q\" type=\"search\" value=\"{}\" autofocus autocomplete=\"off\">"
          "<button type=\"submit\">Search</button></form>",
          s.query);
    if (!s.added_sku.empty()) h.add("<p class=\"notice\" role=\"status\">Added {}.</p>", s.added_sku);
    if (s.products.empty()) {
        h.add("<p class=\"muted\" id=\"no-products\">{}</p>",
              s.query.empty() ? "No products yet: add the first one below." : "No product matches that search.");
    } else {
        h.add("<table class=\"products\"><thead><tr><th scope=\"col\">SKU</th><th scope=\"col\">Name</th>"
              "<th scope=\"col\">Barcode</th><th scope=\"col\" class=\"num\">Price</th></tr></thead><tbody>");
        for (const auto& p : s.products)
            h.add("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>", p.sku, p.name,
                  p.barcode.value_or(""), format_cents(p.price));
        h.add("</tbody></table>");
    }
    h.add("<h2 id=\"add\">Add a product</h2><form class=\"add-product\" method=\"post\" action=\"/products\">");
    if (s.error) h.add("<p class=\"error\" id=\"form-error\" role=\"alert\">{}</p>", s.error->message);
    field(h, s, "sku", "SKU", "required maxlength=\"64\" autocomplete=\"off\"");
    field(h, s, "name", "Name", "required maxlength=\"200\"");
    field(h, s, "barcode", "Barcode (optional)", "maxlength=\"64\" autocomplete=\"off\"");
    field(h, s, "price", "Price", "required inputmode=\"decimal\" pattern=\"[0-9,]*(\\.[0-9]{1,2})?\" placeholder=\"0.00\"");
    h.add("<button type=\"submit\">Add product</button></form>");
    return web::page(cx, {"products", "Products", "products.js"}, h.str());
}

}  // namespace

Task<Response> products_page(Context& cx, const Request& rq) {
    PageState s{rq.query_value("q"), {}, {}, {}, rq.query_value("added")};
    auto found = co_await find_products(cx, s.query, max_page_size);
    if (!found) co_return std::move(found).error();
    s.products = std::move(*found);
    co_return Response::html(200, render(cx, s));
}

Task<Response> add_product_from_form(Context& cx, const Request& rq) {
    auto form = parse_form(rq.body);
    auto fields = fields_from_form(form);
    std::optional<Error> error;
    if (!fields) {
        error = fields.error();
    } else {
        auto created = co_await create_product(cx, *fields);
        if (created) co_return Response::redirect("/products?added=" + percent_encode(created->sku));
        error = std::move(created).error();
    }
    PageState s{{}, {}, std::move(form), std::move(error), {}};
    auto found = co_await find_products(cx, "", max_page_size);
    if (found) s.products = std::move(*found);
    co_return Response::html(Response::http_status(s.error->code), render(cx, s));
}

}  // namespace helm::catalog
