-- webhook-outbox schema version 6, PostgreSQL.
-- The lease index now covers every leased row (IN_FLIGHT deliveries, and FAILED ones while their
-- failure listener runs) by lease_until alone. With `WHERE status = 'IN_FLIGHT'` as its predicate,
-- the planner matched it to the record and release statements (`... AND status = 'IN_FLIGHT'`) and,
-- on stale statistics, scanned all of it for every batch instead of looking each row up by primary
-- key. Lease recovery (`lease_until < now`) still reads only this index.
CREATE INDEX IF NOT EXISTS webhook_delivery_leased_idx
    ON webhook_delivery (lease_until) WHERE lease_until IS NOT NULL;
DROP INDEX IF EXISTS webhook_delivery_lease_idx;
