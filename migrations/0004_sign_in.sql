-- Migration number: 0004 	 sign-in: the allowlist, device sessions, staff PIN sessions
-- Layer 1: a browser becomes a trusted device through OpenID Connect, for an allowlisted
-- email only. Layer 2: on a trusted device, staff switch with their PIN.

-- The shop's own settings: one row, typed columns, so every value has its CHECK.
CREATE TABLE shop_settings (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    staff_idle_timeout_s INTEGER NOT NULL DEFAULT 60 CHECK (staff_idle_timeout_s BETWEEN 15 AND 43200)
);
INSERT INTO shop_settings (id) VALUES (1);

-- A role's idle time; NULL: the shop's. A staff member's own (staff.idle_timeout_s) wins.
ALTER TABLE roles ADD COLUMN idle_timeout_s INTEGER CHECK (idle_timeout_s IS NULL OR idle_timeout_s BETWEEN 15 AND 43200);

-- Who may turn a browser into a trusted device. The first sign-in binds the entry to the
-- issuer's (iss, sub); later sign-ins must present the same pair.
INSERT INTO permissions (key, label, kind) VALUES ('action.access_manage', 'Manage sign-in: allowlist and devices', 'action');
INSERT INTO role_permissions (role_key, permission_key) VALUES
    ('sys_admin', 'action.access_manage'), ('owner', 'action.access_manage');

CREATE TABLE allowlist (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE
                          CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254 AND instr(email, '@') > 1),
    issuer        TEXT,
    subject       TEXT,
    added_at_ms   INTEGER NOT NULL,
    bound_at_ms   INTEGER,
    CHECK ((issuer IS NULL) = (subject IS NULL) AND (issuer IS NULL) = (bound_at_ms IS NULL))
);

-- A sign-in in flight: created when the browser leaves for the issuer, consumed (deleted)
-- by the one callback that presents its state. Only the state's hash is kept.
CREATE TABLE sign_in_attempts (
    state_hash    TEXT    PRIMARY KEY CHECK (length(state_hash) = 64),
    nonce         TEXT    NOT NULL,
    code_verifier TEXT    NOT NULL,
    return_to     TEXT    NOT NULL CHECK (substr(return_to, 1, 1) = '/'),
    created_at_ms INTEGER NOT NULL
);

-- A trusted browser. The cookie holds a random token; only its SHA-256 is stored here.
-- At most one staff member is signed in on it at a time (staff_id), by PIN.
CREATE TABLE device_sessions (
    id                  INTEGER PRIMARY KEY,
    token_hash          TEXT    NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    allowlist_id        INTEGER NOT NULL REFERENCES allowlist (id) ON DELETE CASCADE,
    email               TEXT    NOT NULL,
    user_agent          TEXT    NOT NULL DEFAULT '',
    created_at_ms       INTEGER NOT NULL,
    seen_at_ms          INTEGER NOT NULL,
    expires_at_ms       INTEGER NOT NULL,
    revoked_at_ms       INTEGER,
    staff_id            INTEGER REFERENCES staff (id),
    staff_started_at_ms INTEGER,
    staff_seen_at_ms    INTEGER,
    CHECK ((staff_id IS NULL) = (staff_started_at_ms IS NULL) AND (staff_id IS NULL) = (staff_seen_at_ms IS NULL))
);
CREATE INDEX device_sessions_by_allowlist ON device_sessions (allowlist_id);

-- Every PIN try is reserved here BEFORE the PIN is checked, so racing guesses cannot get
-- past five: a try is 'pending' until the PIN proves right. 'forgiven' tries no longer
-- count (after a right PIN, or an owner's recovery).
CREATE TABLE pin_attempts (
    id                INTEGER PRIMARY KEY,
    staff_id          INTEGER NOT NULL REFERENCES staff (id),
    device_session_id INTEGER NOT NULL,
    at_ms             INTEGER NOT NULL,
    outcome           TEXT    NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'right', 'forgiven'))
);
CREATE INDEX pin_attempts_by_staff ON pin_attempts (staff_id, at_ms);

-- What each staff member may do, in one place for every reader (the gate, the staff
-- screens): their own answer if they have one, else their role's default, else no.
CREATE VIEW effective_permissions AS
SELECT s.id AS staff_id, p.key, p.label, p.kind,
       coalesce(o.allowed, rp.permission_key IS NOT NULL) AS allowed,
       CASE WHEN o.allowed IS NULL THEN 'role' ELSE 'staff' END AS source
FROM staff s
JOIN permissions p
LEFT JOIN staff_screen_permissions o ON o.staff_id = s.id AND o.permission_key = p.key
LEFT JOIN role_permissions rp ON rp.role_key = s.role_key AND rp.permission_key = p.key;
