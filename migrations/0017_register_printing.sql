-- A register with a receipt printer beside it prints each receipt as its sale completes
-- (Settings › Register); the others print when the clerk asks.
ALTER TABLE registers ADD COLUMN auto_print INTEGER NOT NULL DEFAULT 0 CHECK (auto_print IN (0, 1));
