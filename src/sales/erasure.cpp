#include "sales/erasure.hpp"

#include <string>

#include "sales/erasure_sql.hpp"

namespace helm::sales {

std::vector<Statement> erasure_statements(std::string_view customer_ids, std::int64_t now_ms) {
    const std::string ids(customer_ids);
    return {{std::string(sql::erase_sale_words), {ids}}, {std::string(sql::erase_cart_words), {ids, now_ms}}};
}

}  // namespace helm::sales
