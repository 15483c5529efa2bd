-- webhook-outbox schema version 7, H2 (2.x): poisoned deliveries.
-- A delivery whose claims keep ending without an attempt outcome (the runner holding it dies, or
-- hangs past its lease, perhaps because of this very delivery) would otherwise be claimed forever.
-- Lease recovery counts such lost claims in lost_leases; recording an attempt outcome sets it back
-- to 0; when it reaches the runner's webhooks.dispatch.max-lost-leases (3 by default) the delivery
-- is FAILED with failure_kind 'POISONED' and a last_error starting 'POISONED:'. Claims given back
-- on purpose (postponed, parked, held back, released at shutdown) do not count. Replays reset both
-- columns. webhook_poisoned_delivery lists the poisoned ones.

-- Claims of this delivery in a row that ended with an expired lease instead of an attempt outcome.
ALTER TABLE webhook_delivery ADD COLUMN IF NOT EXISTS lost_leases integer NOT NULL DEFAULT 0;
-- Why a FAILED delivery failed when no attempt decided it: 'POISONED'. NULL otherwise (the last
-- attempt decided: see last_status_code and last_error).
ALTER TABLE webhook_delivery ADD COLUMN IF NOT EXISTS failure_kind varchar(16)
    CONSTRAINT webhook_delivery_failure_kind_check CHECK (failure_kind IN ('POISONED'));

-- Deliveries failed as poisoned. A view of its own: V3's views keep their columns, since every
-- file must run again over the tables it created (a schema that OutboxSchema migrated moving to
-- Flyway or Liquibase), and PostgreSQL cannot take columns off a view with CREATE OR REPLACE.
CREATE OR REPLACE VIEW webhook_poisoned_delivery AS
SELECT d.id,
       d.subject,
       d.event_type,
       d.url,
       lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) AS url_origin,
       d.attempt_count,
       d.lost_leases,
       d.last_error,
       d.created_at,
       d.completed_at AS failed_at
  FROM webhook_delivery d
 WHERE d.status = 'FAILED' AND d.failure_kind = 'POISONED';
