-- The gate reads one row per signed-in request: the device session. Any change to who may
-- do what, which already moves access_version on (0019), now also clears every session's
-- copy, so telling a fresh copy needs no read of shop_settings; shop_settings is read only
-- when the copy is refreshed, and the copy is written back only if access_version has not
-- moved since it was read (auth_sql.hpp, cache_staff). The allowlist row is not read
-- either: deleting it deletes its device sessions (0004, ON DELETE CASCADE).
CREATE TRIGGER access_clears_copies AFTER UPDATE OF access_version ON shop_settings BEGIN
    UPDATE device_sessions SET cached_version = NULL WHERE cached_version IS NOT NULL;
END;
UPDATE device_sessions SET cached_version = NULL;
