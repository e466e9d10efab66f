-- Migration number: 0012 	 money rules: only a ticket's own invoice picks it up, a refund goes
-- back only to what paid (never more than each tender took, net of earlier refunds), and an
-- idempotency key answers only the request it was first sent with. Every rule is a guard in
-- the batch that writes, so two racing requests cannot both pass it. Each RAISE starts with
-- a reason code that sales::refusal maps to the clerk's words.

-- A ticket's invoice as it was put on the register: its total and its lines (line_no,
-- product_id or NULL for custom labor, quantity, unit_price, total), priced when invoiced.
-- Invoicing again replaces it. Written by the service module in the invoice's own batch.
CREATE TABLE work_order_invoices (
    work_order_id INTEGER PRIMARY KEY REFERENCES work_orders (id),
    total_cents   INTEGER NOT NULL,
    lines_json    TEXT    NOT NULL CHECK (json_valid(lines_json) AND json_type(lines_json) = 'array'),
    created_at_ms INTEGER NOT NULL
);

-- A sale naming an invoiced ticket is its invoice, or it is refused: a 0.00 sale, a deposit
-- cart completed after invoicing, or other lines never "pay" the ticket. A ticket invoiced
-- before this migration has no row here: discard its held sale and invoice it again.
CREATE TRIGGER sales_pay_only_the_invoice BEFORE INSERT ON sales
WHEN NEW.work_order_id IS NOT NULL AND NEW.kind = 'sale'
     AND (SELECT status FROM work_orders WHERE id = NEW.work_order_id) = 'invoiced'
     AND NEW.total_cents IS NOT (SELECT total_cents FROM work_order_invoices WHERE work_order_id = NEW.work_order_id)
BEGIN
    SELECT RAISE(ABORT, 'work_order_invoice_mismatch: only the ticket''s invoice, as invoiced, is paid against it');
END;
-- ... and its lines are the invoice's, one for one (sales_pick_up_work_orders has just named
-- this sale as the ticket's, so a line of any other sale costs two primary-key reads).
CREATE TRIGGER sale_lines_pay_only_the_invoice BEFORE INSERT ON sale_lines
WHEN EXISTS (SELECT 1 FROM sales s JOIN work_orders w ON w.id = s.work_order_id WHERE s.id = NEW.sale_id AND w.sale_id = s.id)
     AND NOT EXISTS (
         SELECT 1 FROM sales s JOIN work_order_invoices i ON i.work_order_id = s.work_order_id, json_each(i.lines_json) j
         WHERE s.id = NEW.sale_id AND NEW.kind NOT IN ('deposit', 'gift_card') AND j.value ->> 'line_no' = NEW.line_no
           AND j.value ->> 'product_id' IS NEW.product_id AND j.value ->> 'quantity' = NEW.quantity
           AND j.value ->> 'unit_price' = NEW.unit_price_cents AND j.value ->> 'total' = NEW.total_cents)
BEGIN
    SELECT RAISE(ABORT, 'work_order_invoice_mismatch: only the ticket''s invoice, as invoiced, is paid against it');
END;

-- A refund (a negative payment of a document that names its original) never gives a tender
-- more than it took on the original, net of every earlier refund to it. A gift card or an
-- account is its own tender (account_id): a refund to a card that did not pay finds nothing
-- taken. Store credit is the fallback for any refund and is bounded by the document's total.
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
    SELECT RAISE(ABORT, 'refund_over_tender: more would go back to this tender than it took');
END;
-- Store credit from a receipt goes to the sale's customer (or the one it was merged into);
-- a sale without a customer gives it to the one the clerk chose (action.refund, audited).
CREATE TRIGGER sale_payments_store_credit_to_the_customer BEFORE INSERT ON sale_payments
WHEN NEW.tender = 'store_credit' AND NEW.amount_cents < 0
     AND (SELECT o.customer_id FROM sales s JOIN sales o ON o.id = s.original_sale_id WHERE s.id = NEW.sale_id) IS NOT NULL
     AND (SELECT customer_id FROM accounts WHERE id = NEW.account_id) NOT IN (
         SELECT o.customer_id FROM sales s JOIN sales o ON o.id = s.original_sale_id WHERE s.id = NEW.sale_id
         UNION ALL
         SELECT c.merged_into_id FROM sales s JOIN sales o ON o.id = s.original_sale_id JOIN customers c ON c.id = o.customer_id
         WHERE s.id = NEW.sale_id AND c.merged_into_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'store_credit_elsewhere: store credit goes to the sale''s customer');
END;

-- The digest of the request a document's idempotency key was first sent with (its kind and
-- body, canonical): the same key with another body, or a void's key on a sale, is refused.
-- NULL for documents written before this migration, which answer any retry as before.
-- Note on the schema rule: a nullable column without a default is a change to the table's
-- definition only (SQLite rewrites no row), so sales keeps its history untouched.
ALTER TABLE sales ADD COLUMN request_digest TEXT;
