-- Migration number: 0020 	 the fleet's cost meter: what each hour's requests cost Cloudflare
-- The bench measures CPU per kind of request, so an hour keeps its requests by the D1
-- work they did: reads only, or writes (the rest used no D1). And R2 operations by the
-- class Cloudflare bills them in: A (puts, lists, multipart parts), B (gets); deletes are
-- free. Counted in memory and flushed as the other counters are (src/ops/metrics.hpp).
ALTER TABLE request_metrics ADD COLUMN requests_read INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request_metrics ADD COLUMN requests_written INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request_metrics ADD COLUMN r2_class_a INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request_metrics ADD COLUMN r2_class_b INTEGER NOT NULL DEFAULT 0;
