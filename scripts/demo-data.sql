-- Demo data for the local demo shop that `npm start` serves. Never applied to a real
-- shop. Idempotent: running it again changes nothing.
INSERT OR IGNORE INTO products (sku, barcode, name, price_cents, created_at_ms, updated_at_ms) VALUES
  ('TUBE-700x25', '0714401104012', 'Inner tube 700x23-28c, 48 mm presta', 899, 1795392000000, 1795392000000),
  ('TUBE-29x2.4', '0714401104029', 'Inner tube 29x2.1-2.4, schrader', 1099, 1795392000000, 1795392000000),
  ('TIRE-GP5000-28', '4019238066102', 'Continental Grand Prix 5000 700x28c', 8999, 1795392000000, 1795392000000),
  ('CHAIN-XT-12', '4550170452513', 'Shimano XT M8100 12-speed chain', 6499, 1795392000000, 1795392000000),
  ('PADS-B05S', '4524667595045', 'Shimano B05S resin disc pads', 2499, 1795392000000, 1795392000000),
  ('LUBE-WET-120', '0853014006016', 'Wet chain lube 120 ml', 1499, 1795392000000, 1795392000000),
  ('BELL-BRASS', NULL, 'Brass bell, classic ding', 2200, 1795392000000, 1795392000000),
  ('LIGHT-FR-800', '0817419023455', 'Front light 800 lumen USB-C', 7999, 1795392000000, 1795392000000),
  ('LOCK-U-MINI', '0008436102418', 'Mini U-lock with cable', 5999, 1795392000000, 1795392000000),
  ('HELMET-M-BLK', '0768686123458', 'Commuter helmet, medium, black', 8999, 1795392000000, 1795392000000),
  ('GRIPS-LOCK', NULL, 'Lock-on grips, black', 3499, 1795392000000, 1795392000000),
  ('BOTTLE-750', NULL, 'Water bottle 750 ml', 1200, 1795392000000, 1795392000000);
