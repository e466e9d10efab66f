-- Migration number: 0016 	 the permission matrix lists only what guards something
-- Today, Orders, Rentals and Trade-ins were listed for screens Helm does not have yet: an
-- owner who set them set nothing. They come back with their screens. (staff_test checks
-- that every permission's key is used by the code.)
DELETE FROM staff_screen_permissions WHERE permission_key IN ('screen.today', 'screen.orders', 'screen.rentals', 'screen.trades');
DELETE FROM role_permissions WHERE permission_key IN ('screen.today', 'screen.orders', 'screen.rentals', 'screen.trades');
DELETE FROM permissions WHERE key IN ('screen.today', 'screen.orders', 'screen.rentals', 'screen.trades');
