-- Claims up to :limit due rows in one statement. SKIP LOCKED lets concurrent runners take
-- disjoint rows without waiting; `= ANY(ARRAY(...))` makes the planner run the locking subquery
-- exactly once (a plain IN may be turned into a join that re-runs it and over-claims).
UPDATE webhook_delivery
   SET status = 'IN_FLIGHT', lease_owner = :runnerId, lease_until = :leaseUntil, updated_at = :now
 WHERE id = ANY(ARRAY(
        SELECT id FROM webhook_delivery
         WHERE status = 'PENDING' AND next_attempt_at <= :now
         ORDER BY next_attempt_at
         LIMIT :limit
           FOR UPDATE SKIP LOCKED))
RETURNING id, url, event_type, subject, payload, signing_secrets, extra_headers, attempt_count,
       created_at, event_kind, retry_preset
