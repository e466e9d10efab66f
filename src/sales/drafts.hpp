#pragma once
// The register's carts: what the clerk is ringing up, kept on the server as the same
// SaleRequest JSON the API takes (sale_request_json), so that a reload, a second tab or
// another counter sees the same sale. One open cart per register, any number held.
//
// A cart is working state, not a shop record: changing it (a scan, a quantity) is one
// version-checked write and no audit event; holding, resuming and discarding one are
// audited. Completing it is sales::complete, which removes the cart in its own batch.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/product.hpp"
#include "core/context.hpp"
#include "core/task.hpp"
#include "sales/sales.hpp"

namespace helm::sales {

struct Draft {
    std::int64_t id = 0;  // 0: the register has no open cart yet (nothing stored)
    std::int64_t register_id = 1;
    std::string status = "open";  // or "held"
    std::optional<std::string> label;
    SaleRequest cart;  // its register_id is the draft's
    std::optional<std::string> staff_name;  // who changed it last (who held it)
    std::int64_t version = 0;
    std::int64_t created_at_ms = 0, updated_at_ms = 0;

    // Nothing rung up: no lines, no customer, no discount, no note.
    bool empty() const;
};

// The register's open cart, or an empty Draft (id 0) when it has none.
Task<Result<Draft>> open_cart(Context& cx, std::int64_t register_id);
Task<Result<Draft>> load_draft(Context& cx, std::int64_t id);  // 404 naming "draft"
Task<Result<std::vector<Draft>>> held_carts(Context& cx, int limit);  // every register's, latest first
Task<Result<std::int64_t>> held_count(Context& cx);

// What a change was made on: the cart and version the clerk's page showed.
struct Seen {
    std::int64_t register_id = 1;
    std::int64_t draft_id = 0;  // 0: the page showed no cart yet
    std::int64_t version = 0;
};

// The register's open cart as the clerk's page showed it: 409 naming "version" when it
// was changed, held, completed or discarded meanwhile (another tab, another clerk).
Task<Result<Draft>> cart_as_seen(Context& cx, const Seen& seen);
// Writes the register's open cart as changed from `seen`; answers it at its new version.
// 409 naming "version" when it was changed, held, completed or discarded meanwhile.
Task<Result<Draft>> save_cart(Context& cx, const Seen& seen, const SaleRequest& cart);
// Parks the open cart under a label; the register starts a new one. 422 when it is empty.
Task<Result<Draft>> hold_cart(Context& cx, const Seen& seen, std::optional<std::string> label);
// Makes a held cart the open one of `register_id`. 422 naming "draft" when that register
// already has a cart with something in it (hold that one first); an empty one gives way.
Task<Result<Draft>> resume_held(Context& cx, std::int64_t held_id, std::int64_t held_version, std::int64_t register_id);
// Throws a cart away, open or held, at the version seen.
Task<Status> discard_cart(Context& cx, std::int64_t draft_id, std::int64_t version);

// Cart edits, pure: each refuses with a 4xx naming the form's field and leaves the cart
// as it was. A product scanned again adds one to its line, unless that line has a serial,
// a discount or a price of its own; a serialized product is always a line of its own, with
// the unit (the bike) it sells.
Status add_product(SaleRequest& cart, const catalog::Product& product, std::optional<std::int64_t> serial_unit_id);
Status set_quantity(SaleRequest& cart, std::int64_t line_no, std::int64_t quantity);  // 0 removes the line
Status remove_line(SaleRequest& cart, std::int64_t line_no);
// A line's own discount, and its price overridden (with the reason) or back to the catalog's.
Status set_line_price(SaleRequest& cart, std::int64_t line_no, Discount discount, std::optional<Cents> unit_price,
                      std::optional<std::string> reason);

// A discount as a clerk types it: "10%" (up to four decimals) or an amount "5.00"; empty
// (or zero) for none. discount_text writes it back the same way.
Result<Discount> discount_from_text(std::string_view field, std::string_view text);
std::string discount_text(const Discount& d);

// A sale put on hold from elsewhere (a work order's invoice or deposit): the statement that
// writes it, for the caller's own audited batch, and the held sales made for a work order.
Statement held_cart_statement(const SaleRequest& cart, std::string_view label, Value staff, std::int64_t at);
Task<Result<std::vector<Draft>>> drafts_for_work_order(Context& cx, std::int64_t work_order_id);

// The id of the sale an idempotency key already completed, if any.
Task<Result<std::optional<std::int64_t>>> completed_sale_id(Context& cx, std::string_view idempotency_key);
// Whether the register has an open cash drawer (cash can be taken).
Task<Result<bool>> drawer_open(Context& cx, std::int64_t register_id);

}  // namespace helm::sales
