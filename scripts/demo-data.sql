-- Demo data for the local demo shop that `npm start` serves. Never applied to a real
-- shop. Idempotent: running it again changes nothing (every insert is keyed, and stock
-- arrives only while the ledger is empty).
INSERT OR IGNORE INTO tax_rates (id, tax_class_key, name, rate_ppm, valid_from, created_at_ms) VALUES
  (1, 'goods', 'GST', 50000, '2008-01-01', 1795392000000),
  (2, 'goods', 'PST', 70000, '2013-04-01', 1795392000000),
  (3, 'labor', 'GST', 50000, '2008-01-01', 1795392000000);

INSERT OR IGNORE INTO categories (id, parent_id, name, created_at_ms) VALUES
  (1, NULL, 'Bikes', 1795392000000), (2, NULL, 'Parts', 1795392000000), (3, 2, 'Tires and tubes', 1795392000000),
  (4, 2, 'Drivetrain', 1795392000000), (5, NULL, 'Accessories', 1795392000000), (6, NULL, 'Service', 1795392000000);

INSERT OR IGNORE INTO vendors (id, name, account_number, created_at_ms) VALUES
  (1, 'Trek Bicycle', 'TRK-4471', 1795392000000), (2, 'Live to Play Sports', 'LTP-0932', 1795392000000);

INSERT OR IGNORE INTO products (id, parent_id, kind, sku, name, brand, size, colour, category_id, tax_class_key, price_cents,
                                msrp_cents, standard_minutes, serialized, reorder_min, reorder_max, created_at_ms, updated_at_ms) VALUES
  (1, NULL, 'stock', 'TUBE-700x25', 'Inner tube 700x23-28c, 48 mm presta', NULL, NULL, NULL, 3, 'goods', 899, NULL, NULL, 0, 10, 40, 1795392000000, 1795392000000),
  (2, NULL, 'stock', 'TUBE-29x2.4', 'Inner tube 29x2.1-2.4, schrader', NULL, NULL, NULL, 3, 'goods', 1099, NULL, NULL, 0, 6, 24, 1795392000000, 1795392000000),
  (3, NULL, 'stock', 'TIRE-GP5000-28', 'Continental Grand Prix 5000 700x28c', 'Continental', NULL, NULL, 3, 'goods', 8999, 9499, NULL, 0, 2, 8, 1795392000000, 1795392000000),
  (4, NULL, 'stock', 'CHAIN-XT-12', 'Shimano XT M8100 12-speed chain', 'Shimano', NULL, NULL, 4, 'goods', 6499, NULL, NULL, 0, 2, 6, 1795392000000, 1795392000000),
  (5, NULL, 'stock', 'PADS-B05S', 'Shimano B05S resin disc pads', 'Shimano', NULL, NULL, 4, 'goods', 2499, NULL, NULL, 0, 4, 12, 1795392000000, 1795392000000),
  (6, NULL, 'stock', 'LUBE-WET-120', 'Wet chain lube 120 ml', NULL, NULL, NULL, 4, 'goods', 1499, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (7, NULL, 'stock', 'BELL-BRASS', 'Brass bell, classic ding', NULL, NULL, NULL, 5, 'goods', 2200, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (8, NULL, 'stock', 'LIGHT-FR-800', 'Front light 800 lumen USB-C', NULL, NULL, NULL, 5, 'goods', 7999, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (9, NULL, 'stock', 'LOCK-U-MINI', 'Mini U-lock with cable', NULL, NULL, NULL, 5, 'goods', 5999, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (10, NULL, 'stock', 'HELMET-M-BLK', 'Commuter helmet, medium, black', NULL, 'M', 'Black', 5, 'goods', 8999, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (11, NULL, 'non_stock', 'GRIPS-LOCK', 'Lock-on grips, black (special order)', NULL, NULL, NULL, 5, 'goods', 3499, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (12, NULL, 'stock', 'BOTTLE-750', 'Water bottle 750 ml', NULL, NULL, NULL, 5, 'goods', 1200, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (13, NULL, 'stock', 'FX3-2026', 'Trek FX 3 Disc 2026', 'Trek', NULL, NULL, 1, 'goods', 149999, 149999, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (14, 13, 'stock', 'FX3-2026-M-GRY', 'Trek FX 3 Disc 2026, M, Lithium Grey', 'Trek', 'M', 'Lithium Grey', 1, 'goods', 149999, 149999, NULL, 1, NULL, NULL, 1795392000000, 1795392000000),
  (15, 13, 'stock', 'FX3-2026-L-GRY', 'Trek FX 3 Disc 2026, L, Lithium Grey', 'Trek', 'L', 'Lithium Grey', 1, 'goods', 149999, 149999, NULL, 1, NULL, NULL, 1795392000000, 1795392000000),
  (16, NULL, 'labor', 'TUNE-BASIC', 'Basic tune-up', NULL, NULL, NULL, 6, 'labor', 8900, NULL, 60, 0, NULL, NULL, 1795392000000, 1795392000000),
  (17, NULL, 'labor', 'FLAT-FIX', 'Flat repair, labor', NULL, NULL, NULL, 6, 'labor', 1500, NULL, 15, 0, NULL, NULL, 1795392000000, 1795392000000),
  (18, NULL, 'fee', 'FEE-DISPOSAL', 'Tire disposal fee', NULL, NULL, NULL, NULL, 'goods', 300, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000),
  (19, NULL, 'gift_card', 'GIFT-CARD', 'Gift card (the amount is chosen at the register)', NULL, NULL, NULL, NULL, 'exempt', 0, NULL, NULL, 0, NULL, NULL, 1795392000000, 1795392000000);

INSERT OR IGNORE INTO product_barcodes (code, product_id) VALUES
  ('0714401104012', 1), ('0714401104029', 2), ('4019238066102', 3), ('4019238066119', 3), ('4550170452513', 4),
  ('4524667595045', 5), ('0853014006016', 6), ('0817419023455', 8), ('0008436102418', 9), ('0768686123458', 10);

INSERT OR IGNORE INTO product_vendors (product_id, vendor_id, vendor_part_number, cost_cents) VALUES
  (3, 2, 'CON-GP5K-28', 5200), (4, 2, 'SHI-CNM8100', 3600), (14, 1, '5275312', 98000), (15, 1, '5275313', 98000);

INSERT OR IGNORE INTO serial_units (id, product_id, serial, status, cost_cents, reference, created_at_ms, updated_at_ms) VALUES
  (1, 14, 'WTU301C0412K', 'in_stock', 98000, 'Trek order 88', 1795392000000, 1795392000000),
  (2, 15, 'WTU301C0977K', 'in_stock', 98000, 'Trek order 88', 1795392000000, 1795392000000);

-- Opening stock, once: the ledger is append-only, so a second run must not add to it.
-- (Rows as VALUES: D1 caps the terms of a compound SELECT, not the rows of a VALUES.)
INSERT INTO stock_movements (product_id, quantity, reason, unit_cost_cents, reference, serial_unit_id, at_ms)
  SELECT column1, column2, 'receive', column3, 'opening stock', column4, 1795392000000 FROM (VALUES
    (1, 24, 420, NULL), (2, 12, 510, NULL), (3, 6, 5200, NULL), (4, 4, 3600, NULL), (5, 10, 1100, NULL),
    (6, 8, 700, NULL), (7, 5, 1100, NULL), (8, 3, 4200, NULL), (9, 4, 3100, NULL), (10, 2, 4800, NULL),
    (12, 15, 500, NULL), (14, 1, 98000, 1), (15, 1, 98000, 2))
  WHERE NOT EXISTS (SELECT 1 FROM stock_movements);

INSERT OR IGNORE INTO customers (id, name, company, phone, phone_digits_reversed, email, notes, consent_sms, consent_email,
                                 created_at_ms, updated_at_ms) VALUES
  (1, 'Ann Smith', NULL, '(604) 555-0199', '9910555406', 'ann.smith@example.com', 'Rides a lot in the rain.', 1, 1, 1795392000000, 1795392000000),
  (2, 'Sean O''Brien', 'O''Brien Couriers', '604-555-0142', '2410555406', 'dispatch@obrien.example', NULL, 0, 1, 1795392000000, 1795392000000),
  (3, 'Mei Chen', NULL, '778 555 0110', '0110555877', NULL, NULL, 1, 0, 1795392000000, 1795392000000);

INSERT OR IGNORE INTO bikes (id, customer_id, make, model, year, colour, size, frame_serial, notes, created_at_ms, updated_at_ms) VALUES
  (1, 1, 'Trek', 'FX 2', 2022, 'Black', 'M', 'WTU112C0345J', NULL, 1795392000000, 1795392000000),
  (2, 2, 'Surly', 'Big Dummy', 2019, 'Grey', 'L', 'SRLY19BD0042', 'Cargo bike, hydraulic brakes', 1795392000000, 1795392000000),
  (3, 2, 'Surly', 'Long Haul Trucker', 2017, 'Blue', '56', 'SRLY17LH1180', NULL, 1795392000000, 1795392000000),
  (4, 3, 'Brompton', 'C Line', 2021, 'Red', NULL, 'BROM21C77811', NULL, 1795392000000, 1795392000000);

-- The workshop: three tickets at different stages, promised around today so the board
-- shows one due today and one overdue.
INSERT OR IGNORE INTO work_orders (id, number, customer_id, bike_id, status, dropped_off_at_ms, promised_date, problem, dropoff_notes,
                                   hook_tag, version, created_at_ms, updated_at_ms) VALUES
  (1, 'T-00001', 1, 1, 'dropped_off', 1795392000000, date('now', '+2 days'), 'Gears skip in the middle of the cassette', 'Left a lock on the bike', '12', 1, 1795392000000, 1795392000000),
  (2, 'T-00002', 2, 2, 'in_progress', 1795392000000, date('now'), 'Rear brake squeals and pulls to the bar', NULL, '7', 2, 1795392000000, 1795392000000),
  (3, 'T-00003', 3, 4, 'completed', 1795392000000, date('now', '-1 day'), 'Rear tyre keeps going flat', NULL, '3', 3, 1795392000000, 1795392000000);
INSERT OR IGNORE INTO work_order_lines (id, work_order_id, kind, product_id, description, quantity, unit_price_cents, standard_minutes, created_at_ms) VALUES
  (1, 1, 'labor', 16, NULL, 1, NULL, 60, 1795392000000),
  (2, 2, 'labor', NULL, 'Bleed rear brake, new pads', 1, 4500, 40, 1795392000000),
  (3, 3, 'labor', 17, NULL, 1, NULL, 15, 1795392000000),
  (4, 3, 'part', 2, NULL, 1, NULL, NULL, 1795392000000);
INSERT INTO work_order_history (work_order_id, from_status, to_status, at_ms)
  SELECT column1, column2, column3, 1795392000000 FROM (VALUES
    (1, NULL, 'dropped_off'), (2, NULL, 'dropped_off'), (2, 'dropped_off', 'in_progress'),
    (3, NULL, 'dropped_off'), (3, 'dropped_off', 'in_progress'), (3, 'in_progress', 'completed'))
  WHERE NOT EXISTS (SELECT 1 FROM work_order_history);
