-- Claims up to :limit due rows in one statement. SKIP LOCKED lets concurrent runners take
-- disjoint rows without waiting; `= ANY(ARRAY(...))` makes the planner run the locking subquery
-- exactly once (a plain IN may be turned into a join that re-runs it and over-claims).
-- has_neighbours tells the dispatcher whether the subject-ordering rules need to look at this
-- row at all (one index probe here saves a statement per batch when subjects are unique).
UPDATE webhook_delivery d
   SET status = 'IN_FLIGHT', lease_owner = :runnerId, lease_until = :leaseUntil, updated_at = :now
 WHERE id = ANY(ARRAY(
        SELECT id FROM webhook_delivery
         WHERE status = 'PENDING' AND next_attempt_at <= :now
         ORDER BY next_attempt_at
         LIMIT :limit
           FOR UPDATE SKIP LOCKED))
RETURNING d.id, d.url, d.event_type, d.subject, d.payload, d.signing_secrets, d.extra_headers,
       d.attempt_count, d.created_at, d.event_kind, d.retry_preset,
       EXISTS (SELECT 1 FROM webhook_delivery x WHERE x.subject = d.subject AND x.id <> d.id)
         AS has_neighbours
