-- Migration number: 0022 	 every trigger raises a reason code

-- A trigger's refusal reaches the client by a code, not by its wording: each RAISE says
-- 'helm:<code>' (or 'helm:<code>:<detail>'), and bindings/db_errors.cpp maps the closed set
-- of codes to a status, a field and the message a client sees. SQLite cannot alter a
-- trigger, so each one that raises is dropped and created again with the same logic, in
-- the order they were created (triggers on one event fire in that order). A new trigger
-- raises a code from that table too (test/native/db_errors_test.cpp holds them to it).

DROP TRIGGER audit_events_follow_head;
CREATE TRIGGER audit_events_follow_head BEFORE INSERT ON audit_events
WHEN NOT (
    NOT EXISTS (SELECT 1 FROM audit_events WHERE seq >= NEW.seq)
    AND ((NEW.seq = 1 AND NEW.prev_hash = '0000000000000000000000000000000000000000000000000000000000000000')
         OR EXISTS (SELECT 1 FROM audit_events WHERE seq = NEW.seq - 1 AND hash = NEW.prev_hash)))
BEGIN
    SELECT RAISE(ABORT, 'helm:chain_head_moved');
END;

DROP TRIGGER audit_events_are_not_edited;
CREATE TRIGGER audit_events_are_not_edited BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'helm:audit_append_only');
END;

DROP TRIGGER categories_stay_a_tree;
CREATE TRIGGER categories_stay_a_tree BEFORE UPDATE OF parent_id ON categories
WHEN NEW.parent_id IS NOT NULL AND (NEW.parent_id = NEW.id OR NEW.id IN (
    WITH RECURSIVE up(id) AS (SELECT NEW.parent_id UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id
                              WHERE c.parent_id IS NOT NULL)
    SELECT id FROM up))
BEGIN
    SELECT RAISE(ABORT, 'helm:category_loop');
END;

DROP TRIGGER products_variants_one_level;
CREATE TRIGGER products_variants_one_level BEFORE INSERT ON products
WHEN NEW.parent_id IS NOT NULL AND (SELECT parent_id FROM products WHERE id = NEW.parent_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'helm:variant_of_variant');
END;

DROP TRIGGER stock_movements_are_not_edited;
CREATE TRIGGER stock_movements_are_not_edited BEFORE UPDATE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'helm:stock_append_only');
END;

DROP TRIGGER stock_movements_are_not_deleted;
CREATE TRIGGER stock_movements_are_not_deleted BEFORE DELETE ON stock_movements
BEGIN
    SELECT RAISE(ABORT, 'helm:stock_append_only');
END;

DROP TRIGGER stock_movements_need_stock_items;
CREATE TRIGGER stock_movements_need_stock_items BEFORE INSERT ON stock_movements
WHEN (SELECT kind FROM products WHERE id = NEW.product_id) IS NOT 'stock'
BEGIN
    SELECT RAISE(ABORT, 'helm:not_stock_item');
END;

DROP TRIGGER drawer_movements_need_an_open_drawer;
CREATE TRIGGER drawer_movements_need_an_open_drawer BEFORE INSERT ON drawer_movements
WHEN (SELECT status FROM drawer_sessions WHERE id = NEW.drawer_session_id) IS NOT 'open'
BEGIN
    SELECT RAISE(ABORT, 'helm:drawer_closed');
END;

DROP TRIGGER sales_are_not_deleted;
CREATE TRIGGER sales_are_not_deleted BEFORE DELETE ON sales
BEGIN
    SELECT RAISE(ABORT, 'helm:sale_immutable');
END;

DROP TRIGGER sales_void_rules;
CREATE TRIGGER sales_void_rules BEFORE INSERT ON sales
WHEN NEW.original_sale_id IS NOT NULL AND (
    EXISTS (SELECT 1 FROM sales WHERE original_sale_id = NEW.original_sale_id AND kind = 'void')
    OR (NEW.kind = 'void' AND EXISTS (SELECT 1 FROM sales WHERE original_sale_id = NEW.original_sale_id)))
BEGIN
    SELECT RAISE(ABORT, 'helm:sale_not_voidable');
END;

DROP TRIGGER sale_lines_are_not_edited;
CREATE TRIGGER sale_lines_are_not_edited BEFORE UPDATE ON sale_lines
BEGIN
    SELECT RAISE(ABORT, 'helm:sale_immutable');
END;

DROP TRIGGER sale_lines_are_not_deleted;
CREATE TRIGGER sale_lines_are_not_deleted BEFORE DELETE ON sale_lines
BEGIN
    SELECT RAISE(ABORT, 'helm:sale_immutable');
END;

DROP TRIGGER sale_lines_no_over_return;
CREATE TRIGGER sale_lines_no_over_return BEFORE INSERT ON sale_lines
WHEN NEW.returns_line_id IS NOT NULL AND
     coalesce((SELECT -sum(quantity) FROM sale_lines WHERE returns_line_id = NEW.returns_line_id), 0) - NEW.quantity
         > (SELECT quantity FROM sale_lines WHERE id = NEW.returns_line_id)
BEGIN
    SELECT RAISE(ABORT, 'helm:return_exceeds_sale');
END;

DROP TRIGGER account_entries_are_not_edited;
CREATE TRIGGER account_entries_are_not_edited BEFORE UPDATE ON account_entries
BEGIN
    SELECT RAISE(ABORT, 'helm:account_append_only');
END;

DROP TRIGGER account_entries_are_not_deleted;
CREATE TRIGGER account_entries_are_not_deleted BEFORE DELETE ON account_entries
BEGIN
    SELECT RAISE(ABORT, 'helm:account_append_only');
END;

DROP TRIGGER sale_payments_are_not_edited;
CREATE TRIGGER sale_payments_are_not_edited BEFORE UPDATE ON sale_payments
BEGIN
    SELECT RAISE(ABORT, 'helm:sale_immutable');
END;

DROP TRIGGER sale_payments_are_not_deleted;
CREATE TRIGGER sale_payments_are_not_deleted BEFORE DELETE ON sale_payments
BEGIN
    SELECT RAISE(ABORT, 'helm:sale_immutable');
END;

DROP TRIGGER sale_payments_need_an_open_drawer;
CREATE TRIGGER sale_payments_need_an_open_drawer BEFORE INSERT ON sale_payments
WHEN NEW.tender = 'cash' AND (SELECT status FROM drawer_sessions WHERE id = NEW.drawer_session_id) IS NOT 'open'
BEGIN
    SELECT RAISE(ABORT, 'helm:drawer_closed');
END;

DROP TRIGGER work_order_lines_frozen_insert;
CREATE TRIGGER work_order_lines_frozen_insert BEFORE INSERT ON work_order_lines
WHEN (SELECT status FROM work_orders WHERE id = NEW.work_order_id) IN ('invoiced', 'picked_up', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'helm:work_order_closed');
END;

DROP TRIGGER work_order_lines_frozen_update;
CREATE TRIGGER work_order_lines_frozen_update BEFORE UPDATE ON work_order_lines
WHEN (SELECT status FROM work_orders WHERE id = OLD.work_order_id) IN ('invoiced', 'picked_up', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'helm:work_order_closed');
END;

DROP TRIGGER work_order_lines_frozen_delete;
CREATE TRIGGER work_order_lines_frozen_delete BEFORE DELETE ON work_order_lines
WHEN (SELECT status FROM work_orders WHERE id = OLD.work_order_id) IN ('invoiced', 'picked_up', 'cancelled')
BEGIN
    SELECT RAISE(ABORT, 'helm:work_order_closed');
END;

DROP TRIGGER audit_events_delete_only_archived;
CREATE TRIGGER audit_events_delete_only_archived BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM audit_archive_segments WHERE OLD.seq BETWEEN seq_from AND seq_to)
BEGIN
    SELECT RAISE(ABORT, 'helm:audit_not_archived');
END;

DROP TRIGGER sales_pay_only_the_invoice;
CREATE TRIGGER sales_pay_only_the_invoice BEFORE INSERT ON sales
WHEN NEW.work_order_id IS NOT NULL AND NEW.kind = 'sale'
     AND (SELECT status FROM work_orders WHERE id = NEW.work_order_id) = 'invoiced'
     AND NEW.total_cents IS NOT (SELECT total_cents FROM work_order_invoices WHERE work_order_id = NEW.work_order_id)
BEGIN
    SELECT RAISE(ABORT, 'helm:work_order_invoice_mismatch');
END;

DROP TRIGGER sale_lines_pay_only_the_invoice;
CREATE TRIGGER sale_lines_pay_only_the_invoice BEFORE INSERT ON sale_lines
WHEN EXISTS (SELECT 1 FROM sales s JOIN work_orders w ON w.id = s.work_order_id WHERE s.id = NEW.sale_id AND w.sale_id = s.id)
     AND NOT EXISTS (
         SELECT 1 FROM sales s JOIN work_order_invoices i ON i.work_order_id = s.work_order_id, json_each(i.lines_json) j
         WHERE s.id = NEW.sale_id AND NEW.kind NOT IN ('deposit', 'gift_card') AND j.value ->> 'line_no' = NEW.line_no
           AND j.value ->> 'product_id' IS NEW.product_id AND j.value ->> 'quantity' = NEW.quantity
           AND j.value ->> 'unit_price' = NEW.unit_price_cents AND j.value ->> 'total' = NEW.total_cents)
BEGIN
    SELECT RAISE(ABORT, 'helm:work_order_invoice_mismatch');
END;

DROP TRIGGER sale_payments_refund_within_tender;
CREATE TRIGGER sale_payments_refund_within_tender BEFORE INSERT ON sale_payments
WHEN NEW.amount_cents < 0 AND NEW.tender <> 'store_credit'
     AND (SELECT original_sale_id FROM sales WHERE id = NEW.sale_id) IS NOT NULL
     AND (SELECT coalesce(-sum(r.amount_cents), 0) FROM sales s JOIN sale_payments r ON r.sale_id = s.id
          WHERE s.original_sale_id = (SELECT original_sale_id FROM sales WHERE id = NEW.sale_id)
            AND r.tender = NEW.tender AND r.account_id IS NEW.account_id AND r.amount_cents < 0) - NEW.amount_cents
         > (SELECT coalesce(sum(p.amount_cents), 0) FROM sale_payments p
            WHERE p.sale_id = (SELECT original_sale_id FROM sales WHERE id = NEW.sale_id)
              AND p.tender = NEW.tender AND p.account_id IS NEW.account_id AND p.amount_cents > 0)
BEGIN
    SELECT RAISE(ABORT, 'helm:refund_over_tender');
END;

DROP TRIGGER sale_payments_store_credit_to_the_customer;
CREATE TRIGGER sale_payments_store_credit_to_the_customer BEFORE INSERT ON sale_payments
WHEN NEW.tender = 'store_credit' AND NEW.amount_cents < 0
     AND (SELECT o.customer_id FROM sales s JOIN sales o ON o.id = s.original_sale_id WHERE s.id = NEW.sale_id) IS NOT NULL
     AND (SELECT customer_id FROM accounts WHERE id = NEW.account_id) NOT IN (
         SELECT o.customer_id FROM sales s JOIN sales o ON o.id = s.original_sale_id WHERE s.id = NEW.sale_id
         UNION ALL
         SELECT c.merged_into_id FROM sales s JOIN sales o ON o.id = s.original_sale_id JOIN customers c ON c.id = o.customer_id
         WHERE s.id = NEW.sale_id AND c.merged_into_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'helm:store_credit_elsewhere');
END;

DROP TRIGGER serial_units_written_off_stays;
CREATE TRIGGER serial_units_written_off_stays BEFORE UPDATE OF status, written_off ON serial_units
WHEN NEW.written_off IS NOT NULL AND (NEW.status = 'sold' OR (OLD.written_off IS NOT NULL AND NEW.status <> OLD.status))
BEGIN
    SELECT RAISE(ABORT, 'helm:unit_written_off');
END;

DROP TRIGGER sales_are_not_edited;
CREATE TRIGGER sales_are_not_edited BEFORE UPDATE ON sales
WHEN NOT (
    (NEW.id, NEW.number, NEW.kind, NEW.original_sale_id, NEW.register_id, NEW.staff_id, NEW.approved_by_staff_id,
     NEW.customer_id, NEW.business_date, NEW.prices_include_tax, NEW.tax_rounding, NEW.subtotal_cents, NEW.discount_cents,
     NEW.tax_cents, NEW.total_cents, NEW.idempotency_key, NEW.completed_at_ms, NEW.work_order_id, NEW.request_digest)
    IS (OLD.id, OLD.number, OLD.kind, OLD.original_sale_id, OLD.register_id, OLD.staff_id, OLD.approved_by_staff_id,
        OLD.customer_id, OLD.business_date, OLD.prices_include_tax, OLD.tax_rounding, OLD.subtotal_cents, OLD.discount_cents,
        OLD.tax_cents, OLD.total_cents, OLD.idempotency_key, OLD.completed_at_ms, OLD.work_order_id, OLD.request_digest)
    AND NEW.note IS NULL AND NEW.tax_exempt_reference IS NULL
    AND NEW.reason IS (CASE WHEN OLD.reason IS NULL THEN NULL ELSE '(erased)' END)
    AND EXISTS (SELECT 1 FROM customers c WHERE c.erased_at_ms IS NOT NULL
                AND c.id IN (OLD.customer_id, (SELECT o.customer_id FROM sales o WHERE o.id = OLD.original_sale_id)))
)
BEGIN
    SELECT RAISE(ABORT, 'helm:sale_immutable');
END;

