#include "catalog/products.hpp"

#include "audit/audit.hpp"
#include "catalog/catalog_sql.hpp"
#include "core/guard.hpp"

namespace helm::catalog {
namespace {

// LIKE treats % and _ as wildcards; a shopper's "50%" means the characters.
std::string like_contains(std::string_view text) {
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

std::vector<Value> row_values(const Product& p) {
    return {p.id, p.sku, optional_text(p.barcode), p.name, p.price.value, std::int64_t{p.active}, p.version,
            p.created_at_ms, p.updated_at_ms};
}

audit::Change creation(const Product& p) {
    return {{{std::string(sql::insert_product), row_values(p)}},
            {"product.create", "product", std::to_string(p.id), nullptr, product_json(p)}};
}

audit::Change edit(const Product& before, const Product& after, std::int64_t seen) {
    auto values = row_values(after);
    values.erase(values.begin() + 7);  // created_at_ms does not change
    values.push_back(seen);
    return {{{std::string(sql::update_product), std::move(values)}, expect_changes(1)},
            {"product.update", "product", std::to_string(after.id), product_json(before), product_json(after)}};
}

Error edited_meanwhile(std::int64_t id) {
    return {Code::conflict, "product " + std::to_string(id) + " was changed by someone else; reload it", "version"};
}

}  // namespace

Task<Result<Product>> create_product(Context& cx, const ProductFields& fields) {
    if (auto ok = check_new(fields); !ok) co_return std::move(ok).error();
    Product p = apply(Product{}, fields);
    p.version = 1;
    p.created_at_ms = p.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit_new(cx, sql::next_product_id, [&p](std::int64_t id) {
        p.id = id;
        return creation(p);
    });
    if (!written) co_return std::move(written).error();
    co_return product_from_row(Row(written->front(), 0));
}

Task<Result<Product>> update_product(Context& cx, const Product& current, const ProductFields& fields, std::int64_t seen) {
    if (seen != current.version) co_return edited_meanwhile(current.id);
    Product next = apply(current, fields);
    next.version = current.version + 1;
    next.updated_at_ms = cx.now_ms();
    auto written = co_await audit::commit(cx, [&]() -> Task<Result<audit::Change>> { co_return edit(current, next, seen); });
    if (!written) co_return is_unmet_expectation(written.error()) ? edited_meanwhile(current.id) : std::move(written).error();
    co_return product_from_row(Row(written->front(), 0));
}

Task<Result<std::vector<Product>>> find_products(Context& cx, std::string_view query, int limit) {
    // Each co_await stands in a statement of its own: g++ 12 mishandles one inside ?:.
    auto lookup = query.empty() ? cx.db.query(sql::list_products, std::int64_t{limit})
                                : cx.db.query(sql::search_products, std::string(query), like_contains(query),
                                              std::int64_t{limit});
    auto found = co_await lookup;
    if (!found) co_return std::move(found).error();
    std::vector<Product> products;
    products.reserve(found->rows.size());
    for (std::size_t i = 0; i < found->rows.size(); ++i) products.push_back(product_from_row(Row(*found, i)));
    co_return products;
}

}  // namespace helm::catalog
