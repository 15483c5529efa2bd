-- webhook-outbox schema version 7, MariaDB and MySQL: poisoned deliveries. The columns PostgreSQL
-- adds here (lost_leases, failure_kind) are in version 1 on these databases, so this file only
-- creates the view. Idempotent: CREATE OR REPLACE.

-- Deliveries failed because their claims kept ending without an outcome; replay once fixed.
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
