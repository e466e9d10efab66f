#include "catalog/products.hpp"

#include "audit/audit.hpp"
#include "catalog/catalog_sql.hpp"
#include "core/guard.hpp"
#include "core/search.hpp"

namespace helm::catalog {
namespace {

Value nullable_cents(const std::optional<Cents>& v) { return v ? Value(v->value) : Value(nullptr); }

// ?1 ... ?21 of sql::insert_product and sql::update_product.
std::vector<Value> row_values(const Product& p) {
    return {p.id, nullable(p.parent_id), p.kind, p.sku, p.name, nullable(p.brand), nullable(p.model_year),
            nullable(p.size), nullable(p.colour), nullable(p.category_id), p.tax_class, p.price.value,
            nullable_cents(p.msrp), nullable(p.standard_minutes), std::int64_t{p.serialized}, nullable(p.reorder_min),
            nullable(p.reorder_max), std::int64_t{p.discountable}, std::int64_t{p.active}, p.version, p.updated_at_ms};
}

std::string barcodes_json(const Product& p) { return to_text(Json(p.barcodes)); }
std::string vendors_text(const Product& p) { return to_text(vendors_json(p)); }

// The batch's last statement reads the product back with its children, for the answer.
Statement read_back(std::int64_t id) { return {std::string(sql::product_by_id), {id}}; }

Error edited_meanwhile(std::int64_t id) {
    return {Code::conflict, "product " + std::to_string(id) + " was changed by someone else; reload it", "version"};
}

Result<std::vector<Product>> products_from(const D1Result& result) {
    std::vector<Product> products;
    products.reserve(result.rows.size());
    for (std::size_t i = 0; i < result.rows.size(); ++i) products.push_back(product_from_row(Row(result, i)));
    return products;
}

}  // namespace

std::vector<Statement> product_writes(const Product& p, const Edit& e, bool is_new, std::int64_t seen) {
    std::vector<Statement> out;
    if (is_new) {
        out.push_back({std::string(sql::insert_product), row_values(p)});
    } else {
        auto values = row_values(p);
        values.push_back(seen);
        out.push_back({std::string(sql::update_product), std::move(values)});
        out.push_back(expect_changes(1));
    }
    // A product's barcodes and vendor parts are replaced whole when an edit sends them.
    if (e.has("barcodes")) {
        if (!is_new) out.push_back({std::string(sql::clear_barcodes), {p.id}});
        out.push_back({std::string(sql::insert_barcodes), {p.id, barcodes_json(p)}});
    }
    if (e.has("vendors")) {
        if (!is_new) out.push_back({std::string(sql::clear_vendors), {p.id}});
        out.push_back({std::string(sql::insert_vendors), {p.id, vendors_text(p)}});
    }
    return out;
}

Error in_client_terms(Error e) {
    if (e.field == "code") {
        e.field = "barcodes";
        e.message = "a barcode is already in use by another product";
    }
    return e;
}

Task<Status> check_references(Context& cx, const Product& p) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::references_exist, nullable(p.category_id), nullable(p.parent_id),
                                                 vendors_text(p), p.id));
    const Row row(found, 0);
    if (!row.integer("category_ok")) co_return invalid("category_id", "there is no category " + std::to_string(*p.category_id));
    if (!row.integer("parent_ok"))
        co_return invalid("parent_id", "product " + std::to_string(*p.parent_id) + " does not exist or is itself a variant");
    if (!row.integer("may_be_variant")) co_return invalid("parent_id", "this product has variants of its own, so it cannot be a variant");
    if (row.integer("unknown_vendors")) co_return invalid("vendors", "a vendor_id names no vendor");
    co_return Ok{};
}

Task<Result<Product>> create_product(Context& cx, Edit e) {
    // Labor is taxed as labor unless the client says otherwise.
    if (e.product.kind == "labor" && !e.has("tax_class")) e.product.tax_class = "labor";
    if (auto ok = check_product(e, true); !ok) co_return std::move(ok).error();
    if (auto ok = co_await check_references(cx, e.product); !ok) co_return std::move(ok).error();
    Product p = std::move(e.product);
    p.version = 1;
    p.created_at_ms = p.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit_new(cx, sql::next_product_id, [&](std::int64_t id) {
        p.id = id;
        audit::Change change{product_writes(p, e, true, 0), {"product.create", "product", std::to_string(id), nullptr, product_json(p)}};
        change.statements.push_back(read_back(id));
        return change;
    });
    if (!written) co_return in_client_terms(std::move(written).error());
    co_return product_from_row(Row(written->back(), 0));
}

Task<Result<Product>> update_product(Context& cx, const Product& current, Edit e) {
    // Without the version the writer saw, two edits of one product would overwrite each other.
    if (!e.version) co_return invalid("version", "send the product's version from your last read of it");
    const std::int64_t seen = *e.version;
    if (seen != current.version) co_return edited_meanwhile(current.id);
    if (auto ok = check_product(e, false); !ok) co_return std::move(ok).error();
    if (e.product.serialized != current.serialized && current.on_hand != 0)
        co_return Error{Code::failed_precondition, "whether a product is serialized can change only while it has no stock", "serialized"};
    if (auto ok = co_await check_references(cx, e.product); !ok) co_return std::move(ok).error();
    Product next = std::move(e.product);
    next.version = current.version + 1;
    next.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> {
        audit::Change change{product_writes(next, e, false, seen),
                             {"product.update", "product", std::to_string(next.id), product_json(current), product_json(next)}};
        change.statements.push_back(read_back(next.id));
        co_return change;
    });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(current.id) : in_client_terms(std::move(written).error());
    co_return product_from_row(Row(written->back(), 0));
}

Task<Result<Product>> load_product(Context& cx, std::int64_t id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::product_by_id, id));
    if (found.rows.empty()) co_return Error{Code::not_found, "product " + std::to_string(id) + " not found", "id"};
    co_return product_from_row(Row(found, 0));
}

Statement products_with_ids(const std::vector<std::int64_t>& ids) {
    return {std::string(sql::products_by_ids), {to_text(Json(ids))}};
}

Statement products_with_codes(const std::vector<std::string>& codes) {
    return {std::string(sql::products_by_codes), {to_text(Json(codes))}};
}

Task<Result<std::optional<Product>>> product_by_code(Context& cx, std::string_view code) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::product_by_code, std::string(code)));
    if (found.rows.empty()) co_return std::optional<Product>{};
    co_return std::optional<Product>(product_from_row(Row(found, 0)));
}

Task<Result<std::vector<Product>>> find_products(Context& cx, std::string_view query, int limit) {
    if (auto ok = check_search("q", query); !ok) co_return std::move(ok).error();
    if (query.empty()) {
        HELM_CO_TRY(auto listed, co_await cx.db.query(sql::list_products, std::int64_t{limit}));
        co_return products_from(listed);
    }
    HELM_CO_TRY(auto scanned, co_await product_by_code(cx, query));
    if (scanned) co_return std::vector<Product>{std::move(*scanned)};
    const std::string match = fts_prefix_query(query);
    if (match.empty()) co_return std::vector<Product>{};
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::search_products, match, std::int64_t{limit}));
    co_return products_from(found);
}

Task<Result<std::vector<Product>>> service_menu(Context& cx, int limit) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::service_menu, std::int64_t{limit}));
    co_return products_from(found);
}

Task<Result<std::vector<Product>>> variants_of(Context& cx, std::int64_t model_id) {
    HELM_CO_TRY(auto found, co_await cx.db.query(sql::variants_of, model_id));
    co_return products_from(found);
}

}  // namespace helm::catalog
