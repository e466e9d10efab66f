-- Migration number: 0003 	 staff, roles and permissions
-- Roles and permission keys are seed data every shop needs, so they live here, never in
-- a script that must have run first.
CREATE TABLE roles (
    key  TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rank INTEGER NOT NULL UNIQUE  -- the order a person reads them in
);
INSERT INTO roles (key, name, rank) VALUES
    ('sys_admin', 'Sys Admin', 1),
    ('owner', 'Owner', 2),
    ('service_lead', 'Service Lead', 3),
    ('mechanic', 'Mechanic', 4),
    ('sales', 'Sales', 5),
    ('junior', 'Junior', 6);

CREATE TABLE permissions (
    key   TEXT PRIMARY KEY,  -- 'screen.sales' opens a screen; 'action.refund' allows an act
    label TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('screen', 'action'))
);
INSERT INTO permissions (key, label, kind) VALUES
    ('screen.today', 'Today', 'screen'),
    ('screen.sales', 'Sales', 'screen'),
    ('screen.customers', 'Customers', 'screen'),
    ('screen.service', 'Service', 'screen'),
    ('screen.inventory', 'Inventory', 'screen'),
    ('screen.trades', 'Trade-ins', 'screen'),
    ('screen.rentals', 'Rentals', 'screen'),
    ('screen.orders', 'Orders', 'screen'),
    ('screen.reports', 'Reports', 'screen'),
    ('screen.settings', 'Settings', 'screen'),
    ('action.refund', 'Refund a sale', 'action'),
    ('action.void', 'Void a sale', 'action'),
    ('action.discount_over_limit', 'Discount over the limit', 'action'),
    ('action.price_override', 'Override a price', 'action'),
    ('action.inventory_adjust', 'Adjust stock', 'action'),
    ('action.drawer_close', 'Close the cash drawer', 'action'),
    ('action.staff_manage', 'Manage staff', 'action'),
    ('action.data_export', 'Export the shop''s data', 'action'),
    ('action.customer_erase', 'Erase a customer', 'action'),
    ('action.audit_view', 'Read the audit log', 'action');

CREATE TABLE role_permissions (
    role_key       TEXT NOT NULL REFERENCES roles (key),
    permission_key TEXT NOT NULL REFERENCES permissions (key),
    PRIMARY KEY (role_key, permission_key)
);
INSERT INTO role_permissions (role_key, permission_key)
    SELECT r.key, p.key FROM roles r, permissions p WHERE r.key IN ('sys_admin', 'owner');
INSERT INTO role_permissions (role_key, permission_key) VALUES
    ('service_lead', 'screen.today'), ('service_lead', 'screen.sales'), ('service_lead', 'screen.customers'),
    ('service_lead', 'screen.service'), ('service_lead', 'screen.inventory'),
    ('mechanic', 'screen.today'), ('mechanic', 'screen.customers'), ('mechanic', 'screen.service'),
    ('mechanic', 'screen.inventory'),
    ('sales', 'screen.today'), ('sales', 'screen.sales'), ('sales', 'screen.customers'), ('sales', 'screen.inventory'),
    ('sales', 'screen.trades'), ('sales', 'screen.rentals'), ('sales', 'screen.orders'),
    ('junior', 'screen.today'), ('junior', 'screen.sales'), ('junior', 'screen.customers');

-- A PIN is never stored: only PBKDF2-SHA256 of it, with a per-staff random salt.
CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    display_name   TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 80),
    role_key       TEXT    NOT NULL REFERENCES roles (key),
    pin_hash       TEXT    NOT NULL CHECK (length(pin_hash) = 64),   -- hex of 32 bytes
    pin_salt       TEXT    NOT NULL CHECK (length(pin_salt) = 32),   -- hex of 16 bytes
    pin_iterations INTEGER NOT NULL CHECK (pin_iterations = 100000),  -- WebCrypto in workerd stops at 100,000
    idle_timeout_s INTEGER CHECK (idle_timeout_s IS NULL OR idle_timeout_s BETWEEN 15 AND 43200),
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    version        INTEGER NOT NULL DEFAULT 1,
    created_at_ms  INTEGER NOT NULL,
    updated_at_ms  INTEGER NOT NULL
);

-- A staff member's own answer for one permission; absent means the role's default.
CREATE TABLE staff_screen_permissions (
    staff_id       INTEGER NOT NULL REFERENCES staff (id),
    permission_key TEXT    NOT NULL REFERENCES permissions (key),
    allowed        INTEGER NOT NULL CHECK (allowed IN (0, 1)),
    PRIMARY KEY (staff_id, permission_key)
);
