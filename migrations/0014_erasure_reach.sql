-- Migration number: 0014 	 erasure reaches the register's documents; exports expire
-- A completed document never changes, with one exception: an erasure blanks the words typed
-- about its customer (note, tax-exemption reference, the reason of a return or void, kept
-- as '(erased)' because a return must give one), and only once that customer is erased
-- (for a return or void without a customer, the customer of the sale it refers to). Every
-- other column must stay as it was: test/native/erasure_test.cpp checks that each column of
-- sales is named here, so a new column is not editable by accident.
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
    SELECT RAISE(ABORT, 'completed sales never change');
END;

-- How many days a data export stays in R2 (exports/) before the daily job deletes it: an
-- export is a copy of everything, erased customers' data included until it goes.
ALTER TABLE ops_settings ADD COLUMN keep_export_days INTEGER NOT NULL DEFAULT 30 CHECK (keep_export_days BETWEEN 1 AND 365);
