#include "service/erasure.hpp"

#include <string>

#include "service/erasure_sql.hpp"

namespace helm::service {

std::vector<Statement> erasure_statements(std::string_view customer_ids, std::int64_t now_ms) {
    const std::string ids(customer_ids);
    return {{std::string(sql::erase_history_notes), {ids}},
            {std::string(sql::erase_ticket_words), {ids, now_ms}},
            {std::string(sql::cancel_waiting_messages), {ids, now_ms}}};
}

std::vector<Statement> merge_statements(std::int64_t from, std::int64_t into, std::int64_t now_ms) {
    std::vector<Statement> out;
    for (auto move : sql::merge_moves) out.push_back({std::string(move), {from, into, now_ms}});
    return out;
}

}  // namespace helm::service
