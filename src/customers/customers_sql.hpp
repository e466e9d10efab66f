#pragma once
#include <array>
#include <string_view>

namespace helm::customers::sql {

#define HELM_CUSTOMER_COLUMNS                                                                                         \
    "id, name, company, phone, email, notes, tax_exempt, tax_exempt_reference, consent_sms, consent_email, "          \
    "merged_into_id, erased_at_ms, version, created_at_ms, updated_at_ms"
#define HELM_CUSTOMER_COLUMNS_OF_C                                                                                    \
    "c.id, c.name, c.company, c.phone, c.email, c.notes, c.tax_exempt, c.tax_exempt_reference, c.consent_sms, "       \
    "c.consent_email, c.merged_into_id, c.erased_at_ms, c.version, c.created_at_ms, c.updated_at_ms"
#define HELM_BIKE_COLUMNS                                                                                             \
    "id, customer_id, make, model, year, colour, size, frame_serial, battery_serial, key_number, notes, "             \
    "serial_unit_id, version, created_at_ms, updated_at_ms"
// Neither merged away nor erased: the customers a search or a merge may reach.
#define HELM_CUSTOMER_ACTIVE "merged_into_id IS NULL AND erased_at_ms IS NULL"

// For audit::commit_new: a new row's id is chosen before its batch.
constexpr std::string_view next_customer_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM customers";
constexpr std::string_view next_bike_id = "SELECT coalesce(max(id), 0) + 1 AS id FROM bikes";

constexpr std::string_view insert_customer =
    "INSERT INTO customers (id, name, company, phone, phone_digits_reversed, email, notes, tax_exempt, tax_exempt_reference, "
    "consent_sms, consent_email, version, created_at_ms, updated_at_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13) RETURNING " HELM_CUSTOMER_COLUMNS;

constexpr std::string_view customer_by_id = "SELECT " HELM_CUSTOMER_COLUMNS " FROM customers WHERE id = ?1";

// ?13 is the version the editor saw: an edit made meanwhile makes this match no row, and
// the batch's expect_changes(1) then refuses the whole batch.
constexpr std::string_view update_customer =
    "UPDATE customers SET name = ?2, company = ?3, phone = ?4, phone_digits_reversed = ?5, email = ?6, notes = ?7, "
    "tax_exempt = ?8, tax_exempt_reference = ?9, consent_sms = ?10, consent_email = ?11, version = ?13 + 1, "
    "updated_at_ms = ?12 WHERE id = ?1 AND version = ?13 AND " HELM_CUSTOMER_ACTIVE " RETURNING " HELM_CUSTOMER_COLUMNS;

// The search, one query over four indexes: ?1 an FTS5 expression of every word as a
// quoted prefix ("ann"* "smi"*), ?2 the phone's digits reversed (the last digits typed are
// a prefix), ?3 an email, ?4 a bike's frame serial; an empty one takes no part (its
// branch is a constant false, so SQLite never opens that index). A serial's owner ranks
// first, then exact phone or email, then words; merged and erased customers never show.
constexpr std::string_view search_customers =
    "WITH hits (id, rank) AS ("
    " SELECT customer_id, 0 FROM bikes WHERE ?4 <> '' AND frame_serial = ?4"
    " UNION ALL SELECT id, 1 FROM customers WHERE ?2 <> '' AND phone_digits_reversed >= ?2 AND phone_digits_reversed < ?2 || ':'"
    " UNION ALL SELECT id, 1 FROM customers WHERE ?3 <> '' AND email = ?3"
    // A broad word ("ann") can match hundreds: the best 200 by relevance are plenty to
    // pick from, and bound what one search reads.
    " UNION ALL SELECT * FROM (SELECT rowid, 2 FROM customers_search WHERE ?1 <> '' AND customers_search MATCH ?1"
    " ORDER BY rank LIMIT 200)"
    ") SELECT " HELM_CUSTOMER_COLUMNS_OF_C ", min(h.rank) AS rank FROM hits h JOIN customers c ON c.id = h.id"
    " WHERE c.merged_into_id IS NULL AND c.erased_at_ms IS NULL"
    " GROUP BY c.id ORDER BY rank, c.name COLLATE NOCASE, c.id LIMIT ?5";

constexpr std::string_view list_customers =
    "SELECT " HELM_CUSTOMER_COLUMNS " FROM customers WHERE " HELM_CUSTOMER_ACTIVE
    " ORDER BY name COLLATE NOCASE, id LIMIT ?1";

// Same phone (its last ten digits, so "+1 604..." meets "604...") or same email.
constexpr std::string_view possible_duplicates =
    "SELECT " HELM_CUSTOMER_COLUMNS " FROM customers WHERE id IN ("
    " SELECT id FROM customers WHERE ?2 <> '' AND phone_digits_reversed >= ?2 AND phone_digits_reversed < ?2 || ':'"
    " UNION SELECT id FROM customers WHERE ?3 <> '' AND email = ?3"
    ") AND id <> ?1 AND " HELM_CUSTOMER_ACTIVE " ORDER BY name COLLATE NOCASE, id LIMIT 20";

// Everyone merged into ?1, and everyone merged into them: what an erasure or an export covers.
#define HELM_MERGED_FAMILY                                                                                            \
    "WITH RECURSIVE family (id) AS (SELECT id FROM customers WHERE merged_into_id = ?1"                                \
    " UNION SELECT c.id FROM customers c JOIN family f ON c.merged_into_id = f.id) "
constexpr std::string_view merged_family =
    HELM_MERGED_FAMILY "SELECT " HELM_CUSTOMER_COLUMNS " FROM customers WHERE id IN family ORDER BY id";

// A bike the shop sold, added in the sale's own batch: only for an active customer (else
// no row, and the batch's expect_changes(1) aborts it). A unit sold before (then returned)
// leaves its earlier owner's bike first: a unit links to one bike.
constexpr std::string_view unlink_unit = "UPDATE bikes SET serial_unit_id = NULL WHERE serial_unit_id = ?1";
constexpr std::string_view insert_sold_bike =
    "INSERT INTO bikes (customer_id, make, model, year, colour, size, frame_serial, serial_unit_id, version, created_at_ms, updated_at_ms) "
    "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?9 WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?1 AND " HELM_CUSTOMER_ACTIVE ")";

constexpr std::string_view insert_bike =
    "INSERT INTO bikes (" HELM_BIKE_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, NULL, 1, ?12, ?12) "
    "RETURNING " HELM_BIKE_COLUMNS;
constexpr std::string_view bike_by_id = "SELECT " HELM_BIKE_COLUMNS " FROM bikes WHERE id = ?1";
constexpr std::string_view bikes_of = "SELECT " HELM_BIKE_COLUMNS " FROM bikes WHERE customer_id = ?1 ORDER BY id";
constexpr std::string_view bikes_of_family =
    HELM_MERGED_FAMILY "SELECT " HELM_BIKE_COLUMNS " FROM bikes WHERE customer_id = ?1 OR customer_id IN family ORDER BY id";
constexpr std::string_view update_bike =
    "UPDATE bikes SET make = ?2, model = ?3, year = ?4, colour = ?5, size = ?6, frame_serial = ?7, battery_serial = ?8, "
    "key_number = ?9, notes = ?10, version = ?12 + 1, updated_at_ms = ?11 WHERE id = ?1 AND version = ?12 "
    "RETURNING " HELM_BIKE_COLUMNS;

// A merge: ?1 the customer merged away, ?2 the survivor, ?3 now, ?4 the version seen.
constexpr std::string_view merge_customer =
    "UPDATE customers SET merged_into_id = ?2, version = version + 1, updated_at_ms = ?3 "
    "WHERE id = ?1 AND version = ?4 AND " HELM_CUSTOMER_ACTIVE;
// The survivor must still be active when the batch runs (?1 the survivor, ?2 now): a
// guard that changes nothing a person sees, followed by expect_changes(1).
constexpr std::string_view merge_survivor_is_active =
    "UPDATE customers SET updated_at_ms = ?2 WHERE id = ?1 AND " HELM_CUSTOMER_ACTIVE;
// A merge moves the bikes to the survivor (?1 the customer merged away, ?2 the survivor,
// ?3 now), in the merge's batch; what the other modules hold moves by their own statements
// (customers::holdings()).
constexpr std::string_view merge_bikes =
    "UPDATE bikes SET customer_id = ?2, version = version + 1, updated_at_ms = ?3 WHERE customer_id = ?1";

// Erasure pseudonymises ?1 and everyone merged into it (?2 is now): the personal fields
// go, the rows and their ids stay, so that sales and the stock ledger still add up. Then
// the search index is rebuilt whole, so that no old word survives in its pages.
#define HELM_ERASED_FIELDS                                                                                            \
    "name = 'Erased customer ' || id, company = NULL, phone = NULL, phone_digits_reversed = NULL, email = NULL, "     \
    "notes = NULL, tax_exempt_reference = NULL, consent_sms = 0, consent_email = 0, erased_at_ms = ?2, "              \
    "version = version + 1, updated_at_ms = ?2"
constexpr std::string_view erase_family =
    HELM_MERGED_FAMILY "UPDATE customers SET " HELM_ERASED_FIELDS " WHERE id IN family AND erased_at_ms IS NULL";
// ?3 is the version seen.
constexpr std::string_view erase_customer =
    "UPDATE customers SET " HELM_ERASED_FIELDS " WHERE id = ?1 AND version = ?3 AND erased_at_ms IS NULL";
// The erasure journal's replay into a database restored from before the erasure (?1, ?2
// as above): no version to compare, and a customer erased already stays as it is.
constexpr std::string_view erase_customer_again =
    "UPDATE customers SET " HELM_ERASED_FIELDS " WHERE id = ?1 AND erased_at_ms IS NULL";
// Every erasure D1 holds, for the journal (ids and times only).
constexpr std::string_view erased_customers = "SELECT id, erased_at_ms FROM customers WHERE erased_at_ms IS NOT NULL ORDER BY id";
// Of the ids in ?1 (a JSON array), those D1 holds un-erased: a restore brought them back.
constexpr std::string_view not_erased_among =
    "SELECT id FROM customers WHERE erased_at_ms IS NULL AND id IN (SELECT value FROM json_each(?1)) ORDER BY id";
// What the customer's bikes keep (?1, ?2 as above): what a bike is (make, model, year,
// colour, size) and its link to a sale; what could lead back to its owner goes. Only a bike
// with something left to blank matches, so a replay over an erased customer changes
// nothing, not even a version. The other modules' records are theirs to blank
// (customers::holdings()).
constexpr std::array erase_records = {
    std::string_view(HELM_MERGED_FAMILY "UPDATE bikes SET frame_serial = NULL, battery_serial = NULL, key_number = NULL, notes = NULL, "
                     "version = version + 1, updated_at_ms = ?2 WHERE (customer_id = ?1 OR customer_id IN family) "
                     "AND (frame_serial IS NOT NULL OR battery_serial IS NOT NULL OR key_number IS NOT NULL OR notes IS NOT NULL)"),
};
constexpr std::string_view optimize_search = "INSERT INTO customers_search (customers_search) VALUES ('optimize')";

#undef HELM_ERASED_FIELDS
#undef HELM_MERGED_FAMILY
#undef HELM_CUSTOMER_ACTIVE
#undef HELM_BIKE_COLUMNS
#undef HELM_CUSTOMER_COLUMNS_OF_C
#undef HELM_CUSTOMER_COLUMNS

}  // namespace helm::customers::sql
