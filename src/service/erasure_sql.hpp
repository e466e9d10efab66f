#pragma once
// The service department's part of an erasure (service/erasure.hpp): ?1 a JSON array of
// erased customers' ids, ?2 now. Each matches only rows with something left to change.
#include <array>
#include <string_view>

namespace helm::service::sql {

#define HELM_ERASED_IDS "(SELECT value FROM json_each(?1))"
// ?1 only.
constexpr std::string_view erase_history_notes =
    "UPDATE work_order_history SET note = NULL WHERE note IS NOT NULL "
    "AND work_order_id IN (SELECT id FROM work_orders WHERE customer_id IN " HELM_ERASED_IDS ")";
constexpr std::string_view erase_ticket_words =
    "UPDATE work_orders SET problem = '(erased)', dropoff_notes = NULL, internal_notes = NULL, customer_notes = NULL, "
    "approved_by = CASE WHEN approved_by IS NULL THEN NULL ELSE '(erased)' END, "
    "version = version + 1, updated_at_ms = ?2 WHERE customer_id IN " HELM_ERASED_IDS
    " AND (problem <> '(erased)' OR dropoff_notes IS NOT NULL OR internal_notes IS NOT NULL "
    "OR customer_notes IS NOT NULL OR approved_by <> '(erased)')";
constexpr std::string_view cancel_waiting_messages =
    "UPDATE outbox SET status = 'cancelled', updated_at_ms = ?2 WHERE status = 'queued' AND customer_id IN " HELM_ERASED_IDS;
#undef HELM_ERASED_IDS

// A merge (service/erasure.hpp): ?1 the customer merged away, ?2 the survivor, ?3 now.
inline constexpr std::array merge_moves = {
    std::string_view("UPDATE work_orders SET customer_id = ?2, version = version + 1, updated_at_ms = ?3 WHERE customer_id = ?1"),
    std::string_view("UPDATE special_orders SET customer_id = ?2, updated_at_ms = ?3 WHERE customer_id = ?1"),
    std::string_view("UPDATE outbox SET customer_id = ?2, updated_at_ms = ?3 WHERE customer_id = ?1"),
};

}  // namespace helm::service::sql
