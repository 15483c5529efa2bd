-- One batch of finished deliveries to delete. Ids are UUIDv7, ordered by creation time, and a row
-- completes after it was created: so `id < :idBound` (the smallest id of the cutoff instant) limits
-- the primary-key range scanned to rows created before the cutoff, without an extra index.
SELECT id FROM webhook_delivery
 WHERE id < :idBound AND status = :status AND completed_at < :cutoff
 ORDER BY id
 LIMIT :limit
