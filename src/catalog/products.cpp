#include "catalog/products.hpp"

#include "catalog/catalog_sql.hpp"

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

}  // namespace

Task<Result<Product>> create_product(Context& cx, const ProductFields& fields) {
    if (auto ok = check_new(fields); !ok) co_return std::move(ok).error();
    auto inserted = co_await cx.db.query(sql::insert_product, *fields.sku, optional_text(fields.barcode.value_or(std::nullopt)),
                                         *fields.name, fields.price->value, std::int64_t{fields.active.value_or(true)},
                                         cx.now_ms());
    if (!inserted) co_return std::move(inserted).error();
    co_return product_from_row(Row(*inserted, 0));
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
