-- webhook-outbox schema version 3, PostgreSQL: views for the common admin questions.
-- Columns are documented in docs/admin-sql.md. No view exposes signing_secrets or extra_headers
-- (headers may carry credentials); payloads are left to the base table.
-- Idempotent: every statement is CREATE OR REPLACE. Views read CURRENT_TIMESTAMP, so "overdue" and
-- "last 24 hours" are relative to the moment they are queried.

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
       a.runner_id   AS last_runner_id
  FROM webhook_delivery d
  LEFT JOIN webhook_attempt a
    ON a.id = (SELECT max(x.id) FROM webhook_attempt x WHERE x.delivery_id = d.id);

-- Deliveries that failed for good; filter failed_at for a time window.
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
       d.completed_at AS failed_at
  FROM webhook_delivery d
 WHERE d.status = 'FAILED';

-- Every attempt that did not deliver (retried or final); filter started_at for a time window.
CREATE OR REPLACE VIEW webhook_failed_attempt AS
SELECT a.id AS attempt_id,
       a.delivery_id,
       d.subject,
       lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) AS url_origin,
       a.attempt_number,
       a.started_at,
       a.duration_ms,
       a.status_code,
       a.error_kind,
       a.error_message,
       a.outcome,
       a.runner_id
  FROM webhook_attempt a
  JOIN webhook_delivery d ON d.id = a.delivery_id
 WHERE a.outcome <> 'DELIVERED';

-- Per URL origin over the last 24 hours of attempts: success rate and latency percentiles.
CREATE OR REPLACE VIEW webhook_origin_stats_24h AS
SELECT lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) AS url_origin,
       count(*) AS attempts,
       sum(CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END) AS succeeded,
       sum(CASE WHEN a.outcome = 'WILL_RETRY' THEN 1 ELSE 0 END) AS retried,
       sum(CASE WHEN a.outcome = 'FAILED' THEN 1 ELSE 0 END) AS failed,
       CAST(sum(CASE WHEN a.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END) AS DOUBLE PRECISION)
           / count(*) AS success_rate,
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50_ms,
       PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95_ms,
       PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY a.duration_ms) AS p99_ms,
       max(a.duration_ms) AS max_ms,
       max(a.started_at) AS last_attempt_at
  FROM webhook_attempt a
  JOIN webhook_delivery d ON d.id = a.delivery_id
 WHERE a.started_at >= CURRENT_TIMESTAMP - INTERVAL '1' DAY
 GROUP BY lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*'));

-- Deliveries that should have moved and did not: a lease that expired (its runner died or hangs),
-- or a pending delivery due more than 5 minutes ago (no runner, or runners not keeping up).
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
       d.last_error
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
       d.last_error
  FROM webhook_delivery d
 WHERE d.status = 'PENDING' AND d.next_attempt_at < CURRENT_TIMESTAMP - INTERVAL '5' MINUTE;

-- Unfinished deliveries by when they are due, in buckets; bucket_order sorts them.
-- One branch per status (here and above), so each reads its own partial index on PostgreSQL.
CREATE OR REPLACE VIEW webhook_backlog AS
SELECT b.bucket_order,
       CASE b.bucket_order
           WHEN 0 THEN 'in flight'
           WHEN 1 THEN 'overdue more than 1 hour'
           WHEN 2 THEN 'overdue 5 minutes to 1 hour'
           WHEN 3 THEN 'due now'
           WHEN 4 THEN 'due within 1 minute'
           WHEN 5 THEN 'due within 1 hour'
           ELSE 'due later'
       END AS due,
       count(*) AS deliveries,
       min(b.next_attempt_at) AS earliest_due_at,
       max(b.next_attempt_at) AS latest_due_at
  FROM (SELECT d.next_attempt_at, 0 AS bucket_order
          FROM webhook_delivery d
         WHERE d.status = 'IN_FLIGHT'
        UNION ALL
        SELECT d.next_attempt_at,
               CASE
                   WHEN d.next_attempt_at < CURRENT_TIMESTAMP - INTERVAL '1' HOUR THEN 1
                   WHEN d.next_attempt_at < CURRENT_TIMESTAMP - INTERVAL '5' MINUTE THEN 2
                   WHEN d.next_attempt_at <= CURRENT_TIMESTAMP THEN 3
                   WHEN d.next_attempt_at <= CURRENT_TIMESTAMP + INTERVAL '1' MINUTE THEN 4
                   WHEN d.next_attempt_at <= CURRENT_TIMESTAMP + INTERVAL '1' HOUR THEN 5
                   ELSE 6
               END
          FROM webhook_delivery d
         WHERE d.status = 'PENDING') b
 GROUP BY b.bucket_order;

-- The "last 24 hours" views filter attempts by start time. Attempt rows are appended and never
-- updated, so a BRIN index keeps that filter cheap at almost no cost per insert.
CREATE INDEX IF NOT EXISTS webhook_attempt_started_brin
    ON webhook_attempt USING brin (started_at);

COMMENT ON VIEW webhook_delivery_overview IS
    'Every delivery with the result of its latest attempt (docs/admin-sql.md)';
COMMENT ON VIEW webhook_failed_delivery IS
    'Deliveries that failed for good; filter failed_at for a time window';
COMMENT ON VIEW webhook_failed_attempt IS
    'Attempts that did not deliver (retried or final); filter started_at for a time window';
COMMENT ON VIEW webhook_origin_stats_24h IS
    'Per URL origin, last 24 hours of attempts: success rate and latency percentiles in ms';
COMMENT ON VIEW webhook_stuck_delivery IS
    'Expired leases and pending deliveries overdue by more than 5 minutes';
COMMENT ON VIEW webhook_backlog IS
    'Unfinished deliveries by due-time bucket; sort by bucket_order';
