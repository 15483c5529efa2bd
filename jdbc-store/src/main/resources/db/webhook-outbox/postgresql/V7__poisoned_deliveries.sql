-- webhook-outbox schema version 7, PostgreSQL: poisoned deliveries.
-- A delivery whose claims keep ending without an attempt outcome (the runner holding it dies, or
-- hangs past its lease, perhaps because of this very delivery) would otherwise be claimed forever.
-- Lease recovery counts such lost claims in lost_leases; recording an attempt outcome sets it back
-- to 0; when it reaches the runner's webhooks.dispatch.max-lost-leases (3 by default) the delivery
-- is FAILED with failure_kind 'POISONED' and a last_error starting 'POISONED:'. Claims given back
-- on purpose (postponed, parked, held back, released at shutdown) do not count. Replays reset both
-- columns. The views of V3 gain the new columns at their end.

-- Claims of this delivery in a row that ended with an expired lease instead of an attempt outcome.
ALTER TABLE webhook_delivery ADD COLUMN IF NOT EXISTS lost_leases integer NOT NULL DEFAULT 0;
-- Why a FAILED delivery failed when no attempt decided it: 'POISONED'. NULL otherwise (the last
-- attempt decided: see last_status_code and last_error).
ALTER TABLE webhook_delivery ADD COLUMN IF NOT EXISTS failure_kind varchar(16)
    CONSTRAINT webhook_delivery_failure_kind_check CHECK (failure_kind IN ('POISONED'));

-- Every delivery with the result of its latest attempt.
CREATE OR REPLACE VIEW webhook_delivery_overview AS
SELECT d.id,
       d.subject,
       d.event_type,
       d.url,
       lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) AS url_origin,
       d.status,
       d.attempt_count,
       d.created_at,
       d.next_attempt_at,
       d.completed_at,
       CAST(EXTRACT(EPOCH FROM d.completed_at - d.created_at) * 1000 AS BIGINT) AS total_ms,
       d.last_status_code,
       d.last_error,
       d.lease_owner,
       d.lease_until,
       a.started_at  AS last_attempt_at,
       a.duration_ms AS last_duration_ms,
       a.outcome     AS last_outcome,
       a.error_kind  AS last_error_kind,
       a.runner_id   AS last_runner_id,
       d.lost_leases,
       d.failure_kind
  FROM webhook_delivery d
  LEFT JOIN webhook_attempt a
    ON a.id = (SELECT max(x.id) FROM webhook_attempt x WHERE x.delivery_id = d.id);

-- Deliveries that failed for good; filter failed_at for a time window, failure_kind for poisoned.
CREATE OR REPLACE VIEW webhook_failed_delivery AS
SELECT d.id,
       d.subject,
       d.event_type,
       d.url,
       lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) AS url_origin,
       d.attempt_count,
       d.last_status_code,
       d.last_error,
       d.created_at,
       d.completed_at AS failed_at,
       d.failure_kind,
       d.lost_leases
  FROM webhook_delivery d
 WHERE d.status = 'FAILED';

-- Deliveries that should have moved and did not (see V3); lost_leases counts earlier lost claims.
CREATE OR REPLACE VIEW webhook_stuck_delivery AS
SELECT d.id,
       d.subject,
       lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) AS url_origin,
       d.status,
       'LEASE_EXPIRED' AS problem,
       d.attempt_count,
       d.next_attempt_at,
       d.lease_owner,
       d.lease_until,
       CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP - d.lease_until) AS BIGINT) AS stuck_seconds,
       d.last_error,
       d.lost_leases
  FROM webhook_delivery d
 WHERE d.status = 'IN_FLIGHT' AND d.lease_until < CURRENT_TIMESTAMP
UNION ALL
SELECT d.id,
       d.subject,
       lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) AS url_origin,
       d.status,
       'OVERDUE' AS problem,
       d.attempt_count,
       d.next_attempt_at,
       d.lease_owner,
       d.lease_until,
       CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP - d.next_attempt_at) AS BIGINT) AS stuck_seconds,
       d.last_error,
       d.lost_leases
  FROM webhook_delivery d
 WHERE d.status = 'PENDING' AND d.next_attempt_at < CURRENT_TIMESTAMP - INTERVAL '5' MINUTE;

COMMENT ON COLUMN webhook_delivery.lost_leases IS
    'Claims in a row that ended with an expired lease instead of an attempt outcome';
COMMENT ON COLUMN webhook_delivery.failure_kind IS
    'POISONED: failed because its claims kept ending without an outcome; NULL: an attempt decided';
