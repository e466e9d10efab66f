-- Migration number: 0015 	 a blind count: an open drawer does not show what it should hold
-- A clerk who can see the expected cash counts to it, and the count proves nothing. Until
-- the drawer is closed with its count, the Drawer screen and its API keep the expected
-- cash (and the cash sales and refunds it is worked out from) to themselves; a shop that
-- wants them shown says so on Settings › Register.
ALTER TABLE shop_settings ADD COLUMN show_expected_cash INTEGER NOT NULL DEFAULT 0 CHECK (show_expected_cash IN (0, 1));
