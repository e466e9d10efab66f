-- The gate reads one device row, not every permission, on each signed-in request: the
-- staff member's name, role, idle time and effective permissions are kept on their
-- device session as of access_version. Any change to who may do what (a role's or a
-- staff member's permissions, a role change, a disabled or renamed staff member, an idle
-- time) moves access_version on, and the next request of every session reads it afresh.
ALTER TABLE shop_settings ADD COLUMN access_version INTEGER NOT NULL DEFAULT 1;

ALTER TABLE device_sessions ADD COLUMN cached_version INTEGER;
ALTER TABLE device_sessions ADD COLUMN cached_staff_id INTEGER;
ALTER TABLE device_sessions ADD COLUMN cached_staff_name TEXT;
ALTER TABLE device_sessions ADD COLUMN cached_role TEXT;
ALTER TABLE device_sessions ADD COLUMN cached_idle_timeout_s INTEGER;
ALTER TABLE device_sessions ADD COLUMN cached_permissions TEXT;

CREATE TRIGGER access_moves_on_role_permission_insert AFTER INSERT ON role_permissions BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_role_permission_delete AFTER DELETE ON role_permissions BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_role_permission_update AFTER UPDATE ON role_permissions BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_staff_permission_insert AFTER INSERT ON staff_screen_permissions BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_staff_permission_delete AFTER DELETE ON staff_screen_permissions BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_staff_permission_update AFTER UPDATE ON staff_screen_permissions BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_staff_update AFTER UPDATE OF display_name, role_key, idle_timeout_s, disabled ON staff BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_staff_delete AFTER DELETE ON staff BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_role_update AFTER UPDATE OF idle_timeout_s ON roles BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
CREATE TRIGGER access_moves_on_idle_time AFTER UPDATE OF staff_idle_timeout_s ON shop_settings BEGIN
    UPDATE shop_settings SET access_version = access_version + 1 WHERE id = 1;
END;
