// The Products screens: search (a scanner types into the focused box), the list, a form
// to add a product, and a product's page with its stock, movements and serial units.
// Plain HTML forms; shell.js adds the shortcuts: "/" searches, "n" adds a product.
#include "catalog/views/products_page.hpp"

#include "catalog/import.hpp"
#include "catalog/products.hpp"
#include "catalog/taxonomy.hpp"
#include "core/fields.hpp"
#include "core/html.hpp"
#include "core/time.hpp"
#include "web/forms.hpp"
#include "web/layout.hpp"

namespace helm::catalog {
namespace {

// The API names some fields as its JSON does (category_id for the category's text).
struct Outcome : web::FormOutcome<> {
    bool at_fault(std::string_view name) const { return error && text_name(error->field) == name; }
};

// How each of a product's text fields is asked for on its page.
struct FieldView {
    std::string_view name, label, attrs;
};
constexpr FieldView field_views[] = {
    {"sku", "SKU", "required maxlength=\"64\" autocomplete=\"off\""},
    {"name", "Name", "required maxlength=\"200\""},
    {"brand", "Brand", "maxlength=\"80\""},
    {"model_year", "Model year", "inputmode=\"numeric\" pattern=\"[0-9]{4}\""},
    {"size", "Size", "maxlength=\"40\""},
    {"colour", "Colour", "maxlength=\"40\""},
    {"barcodes", "Barcodes (separated by spaces)", "maxlength=\"1400\" autocomplete=\"off\""},
    {"price", "Price", "required inputmode=\"decimal\" placeholder=\"0.00\""},
    {"msrp", "MSRP", "inputmode=\"decimal\" placeholder=\"0.00\""},
    {"standard_minutes", "Standard minutes (labor)", "inputmode=\"numeric\" pattern=\"[0-9]*\""},
    {"reorder_min", "Reorder at", "inputmode=\"numeric\" pattern=\"[0-9]*\""},
    {"reorder_max", "Reorder up to", "inputmode=\"numeric\" pattern=\"[0-9]*\""},
};

// The fields of a product as the form shows them: what was sent when the form came back
// with an error, else what is stored.
void product_fields(Html& h, const Form& shown, const Outcome& o, std::string_view prefix, std::span<const FieldView> views) {
    for (const auto& v : views)
        web::text_input(h, {std::string(prefix) + std::string(v.name), v.name, v.label, form_value(shown, v.name), v.attrs, o.at_fault(v.name)});
}

// The category as a choice of the shop's categories, by their path ("Parts › Drivetrain").
void category_select(Html& h, const Json& categories, std::string_view chosen, bool at_fault) {
    h.add("<span class=\"field\"><label for=\"edit-category\">Category</label><select id=\"edit-category\" name=\"category_id\"{}>"
          "<option value=\"\">(none)</option>",
          web::fault_marks(at_fault));
    for (const auto& c : categories) {
        const std::string id = std::to_string(c["id"].get<std::int64_t>());
        h.add("<option value=\"{}\"{}>{}</option>", id, raw(id == chosen ? " selected" : ""), c["path"].get<std::string>());
    }
    h.add("</select></span>");
}

// A variant names its model by the model's SKU, typed or scanned; with script the box
// suggests products as one types (shell.js fills the datalist).
void model_input(Html& h, std::string_view sku, bool at_fault) {
    web::text_input(h, {"edit-parent", "parent_sku", "Variant of (the model's SKU)", sku,
                        "maxlength=\"64\" autocomplete=\"off\" list=\"model-choices\" data-suggest=\"products\"", at_fault});
    h.add("<datalist id=\"model-choices\"></datalist>");
}

// The form names the model by SKU; the product's rules take its id. An empty box clears it.
Task<Result<Form>> with_model_id(Context& cx, Form form) {
    if (!form_has(form, "parent_sku")) co_return form;
    const std::string sku = trimmed(form_value(form, "parent_sku"));
    std::string id;
    if (!sku.empty()) {
        HELM_CO_TRY(auto model, co_await product_by_code(cx, sku));
        if (!model) co_return invalid("parent_sku", "no product has the SKU or barcode " + sku);
        id = std::to_string(model->id);
    }
    form.emplace_back("parent_id", std::move(id));
    co_return form;
}

std::string search_form(std::string_view query) {
    Html h;
    h.add("<form class=\"search\" method=\"get\" action=\"/products\" role=\"search\">"
          "<label for=\"product-search\">Search by name, SKU or barcode</label>"
          "<input id=\"product-search\" name=\"q\" type=\"search\" value=\"{}\" autofocus autocomplete=\"off\" data-shortcut=\"/\">"
          "<button type=\"submit\">Search</button></form>",
          query);
    return h.take();
}

std::string render_list(const Context& cx, std::string_view query, const std::vector<Product>& products, const Outcome& o,
                        std::string_view added) {
    Html h;
    h.add("{}", raw(search_form(query)));
    if (!added.empty()) h.add("<p class=\"notice\" role=\"status\">Added {}.</p>", added);
    if (products.empty()) {
        h.add("<p class=\"muted\" id=\"no-products\">{}</p>",
              query.empty() ? "No products yet: add the first one below." : "No product matches that search.");
    } else {
        h.add("<table class=\"products\"><thead><tr><th scope=\"col\">SKU</th><th scope=\"col\">Name</th><th scope=\"col\">Kind</th>"
              "<th scope=\"col\">Barcodes</th><th scope=\"col\" class=\"num\">On hand</th><th scope=\"col\" class=\"num\">Price</th>"
              "</tr></thead><tbody>");
        for (const auto& p : products) {
            std::string codes;
            for (const auto& c : p.barcodes) codes += (codes.empty() ? "" : " ") + c;
            h.add("<tr><td class=\"sku\">{}</td><td><a href=\"/products/{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
                  "<td class=\"num\">{}</td></tr>",
                  p.sku, p.id, p.name, words_for(kind_words, p.kind), codes, p.is_stocked() ? std::to_string(p.on_hand) : "", format_cents(p.price));
        }
        h.add("</tbody></table>");
    }
    h.add("<p class=\"actions\"><a href=\"/products/import\">Import a CSV</a> · <a href=\"/api/catalog/export.csv\" "
          "download>Export the catalog as CSV</a></p>");
    h.add("<h2 id=\"add\">Add a product</h2><form class=\"add-product\" method=\"post\" action=\"/products\">");
    web::form_error(h, o.error);
    const FieldView add_views[] = {{"sku", "SKU", "required maxlength=\"64\" autocomplete=\"off\" data-shortcut=\"n\""}, field_views[1],
                                   field_views[6], field_views[7]};
    product_fields(h, o.entered, o, "product-", add_views);
    web::select(h, "product-kind", "kind", "Kind", kind_words, form_value(o.entered, "kind"), o.at_fault("kind"));
    h.add("<button type=\"submit\">Add product</button></form>");
    return web::page(cx, {"products", "Products"}, h.str());
}

std::string product_path(std::int64_t id) { return "/products/" + std::to_string(id); }

Task<Response> render_product(Context& cx, std::int64_t id, int status, const Outcome& o, std::string_view done) {
    HELM_CO_TRY(auto p, co_await load_product(cx, id));
    HELM_CO_TRY(auto variants, co_await variants_of(cx, id));
    HELM_CO_TRY(auto categories, co_await list_categories(cx));
    std::optional<Product> model;
    if (p.parent_id) {
        HELM_CO_TRY(model, co_await load_product(cx, *p.parent_id));
    }
    Html h;
    h.add("<p><a href=\"/products\">Products</a> › {}</p>", p.sku);
    if (done == "saved") h.add("<p class=\"notice\" role=\"status\">Saved.</p>");
    if (model) h.add("<p id=\"model\">A variant of <a href=\"{}\">{}</a> ({}).</p>", product_path(model->id), model->name, model->sku);
    if (p.is_stocked())
        h.add("<p class=\"stock\" id=\"on-hand\"><strong>{}</strong> on hand · average cost {} · <a href=\"/stock?receive={}#receive\">"
              "Receive</a></p>",
              p.on_hand, format_cents(p.average_cost), p.sku);

    Form shown = o.error && o.error->code != Code::conflict ? o.entered : product_as_text(p);
    if (!form_has(shown, "parent_sku")) shown.emplace_back("parent_sku", model ? model->sku : "");
    h.add("<form class=\"card product\" method=\"post\" action=\"{}\"><h2>Details</h2>", product_path(id));
    web::form_error(h, o.error);
    product_fields(h, shown, o, "edit-", field_views);
    model_input(h, form_value(shown, "parent_sku"), o.at_fault("parent_sku") || o.at_fault("parent_id"));
    category_select(h, categories, form_value(shown, "category_id"), o.at_fault("category_id"));
    web::select(h, "edit-kind", "kind", "Kind", kind_words, form_value(shown, "kind"), o.at_fault("kind"));
    web::select(h, "edit-tax-class", "tax_class", "Tax class", tax_class_words, form_value(shown, "tax_class"), o.at_fault("tax_class"));
    web::checkbox(h, "edit-serialized", "serialized", "Serialized (one serial per unit)", form_value(shown, "serialized") == "1", o.at_fault("serialized"));
    web::checkbox(h, "edit-discountable", "discountable", "Discountable", form_value(shown, "discountable") == "1", o.at_fault("discountable"));
    web::checkbox(h, "edit-active", "active", "Active (for sale)", form_value(shown, "active") == "1", o.at_fault("active"));
    h.add("<input type=\"hidden\" name=\"version\" value=\"{}\"><button type=\"submit\">Save</button></form>", p.version);

    if (!variants.empty()) {
        h.add("<h2>Variants</h2><ul class=\"variants\">");
        for (const auto& v : variants)
            h.add("<li><a href=\"{}\">{}</a> {} {} · {} on hand</li>", product_path(v.id), v.sku, v.size.value_or(""),
                  v.colour.value_or(""), v.on_hand);
        h.add("</ul>");
    }
    HELM_CO_TRY(auto stock, co_await stock_sections_html(cx, p));
    h.add("{}", raw(stock));
    co_return Response::html(status, web::page(cx, {"products", p.name}, h.str()));
}

std::string render_import(const Context& cx, std::string_view text, const std::optional<ImportReport>& report,
                          const std::optional<Error>& error) {
    Html h;
    h.add("<p><a href=\"/products\">Products</a> › Import</p><p>Paste a CSV with a header row, in the columns of "
          "<a href=\"/api/catalog/export.csv\" download>the export</a>. Rows with a SKU already in the catalog update that "
          "product; other rows add one. <strong>Check</strong> reports every bad row and writes nothing; <strong>Import</strong> "
          "checks the same way and writes only when every row is good.</p>");
    web::form_error(h, error);
    if (report) {
        if (report->ok())
            h.add("<p class=\"notice\" role=\"status\" id=\"import-result\">{} {} rows: {} new, {} updated.</p>",
                  report->dry_run ? "Checked" : "Imported", report->rows, report->created, report->updated);
        else {
            h.add("<p class=\"error\" role=\"alert\" id=\"import-result\">{} of {} rows have errors; nothing was written.</p>"
                  "<table id=\"import-errors\"><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Field</th>"
                  "<th scope=\"col\">Problem</th></tr></thead><tbody>",
                  report->errors.size(), report->rows);
            for (const auto& e : report->errors)
                h.add("<tr><td>{}</td><td>{}</td><td>{}</td></tr>", e["line"].get<std::int64_t>(), e["field"].get<std::string>(),
                      e["message"].get<std::string>());
            h.add("</tbody></table>");
        }
    }
    h.add("<form method=\"post\" action=\"/products/import\" class=\"card\"><label for=\"import-csv\">CSV</label>"
          "<textarea id=\"import-csv\" name=\"csv\" rows=\"14\" required autofocus spellcheck=\"false\"{}>{}</textarea>"
          "<button type=\"submit\" name=\"mode\" value=\"check\">Check</button> "
          "<button type=\"submit\" name=\"mode\" value=\"import\">Import</button></form>",
          web::fault_marks(error.has_value()), text);
    return web::page(cx, {"products", "Import products"}, h.str());
}

}  // namespace

Task<Response> import_page(Context& cx, const Request&) {
    co_return Response::html(200, render_import(cx, "", std::nullopt, std::nullopt));
}

Task<Response> import_from_form(Context& cx, const Request& rq) {
    const Form form = parse_form(rq.body);
    const std::string text = form_value(form, "csv");
    auto report = co_await import_products(cx, text, form_value(form, "mode") != "import");
    if (!report) {
        Error e = std::move(report).error();
        co_return Response::html(Response::http_status(e.code), render_import(cx, text, std::nullopt, e));
    }
    co_return Response::html(report->ok() ? 200 : 400, render_import(cx, text, *report, std::nullopt));
}

Task<Response> products_page(Context& cx, const Request& rq) {
    const std::string query = rq.query_value("q");
    HELM_CO_TRY(auto products, co_await find_products(cx, query, max_page_size));
    co_return Response::html(200, render_list(cx, query, products, {}, rq.query_value("added")));
}

Task<Response> add_product_from_form(Context& cx, const Request& rq) {
    Outcome o;
    o.entered = parse_form(rq.body);
    auto created = co_await [&]() -> Task<Result<Product>> {
        HELM_CO_TRY(auto edit, edit_from_text(Product{}, o.entered));
        co_return co_await create_product(cx, std::move(edit));
    }();
    if (created) co_return Response::redirect("/products?added=" + percent_encode(created->sku));
    o.error = std::move(created).error();
    auto listed = co_await find_products(cx, "", max_page_size);
    std::vector<Product> products;
    if (listed) products = std::move(*listed);
    co_return Response::html(Response::http_status(o.error->code), render_list(cx, "", products, o, ""));
}

Task<Response> product_page(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "product"));
    co_return co_await render_product(cx, id, 200, {}, rq.query_value("done"));
}

Task<Response> save_product_from_form(Context& cx, const Request& rq) {
    HELM_CO_TRY(auto id, path_id(rq, "product"));
    Outcome o;
    o.entered = parse_form(rq.body);
    auto saved = co_await [&]() -> Task<Result<Product>> {
        HELM_CO_TRY(auto current, co_await load_product(cx, id));
        HELM_CO_TRY(auto fields, co_await with_model_id(cx, o.entered));
        HELM_CO_TRY(auto edit, edit_from_text(current, fields));
        co_return co_await update_product(cx, current, std::move(edit));
    }();
    if (saved) co_return Response::redirect(product_path(id) + "?done=saved");
    o.error = std::move(saved).error();
    co_return co_await render_product(cx, id, Response::http_status(o.error->code), o, "");
}

}  // namespace helm::catalog
