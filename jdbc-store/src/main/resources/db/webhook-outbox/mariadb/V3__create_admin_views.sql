-- webhook-outbox schema version 3, MariaDB and MySQL: views for the common admin questions.
-- Columns are documented in docs/admin-sql.md. No view exposes signing_secrets or extra_headers
-- (headers may carry credentials); payloads are left to the base table.
-- Idempotent: every statement is CREATE OR REPLACE. Times are UTC (DATETIME(6)), so the views
-- compare them with UTC_TIMESTAMP(6): "overdue" and "last 24 hours" are relative to the moment
-- they are queried, whatever the session's time zone. The index on webhook_attempt.started_at
-- that PostgreSQL adds here is in version 1. Neither database has comments on views.

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
       timestampdiff(MICROSECOND, d.created_at, d.completed_at) DIV 1000 AS total_ms,
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
-- Neither database has PERCENTILE_CONT as an aggregate (MariaDB only as a window function, MySQL
-- not at all), so it is computed as PostgreSQL does: the value at rank 1 + p * (n - 1) in duration
-- order, interpolated linearly between the two ranks around it.
CREATE OR REPLACE VIEW webhook_origin_stats_24h AS
SELECT r.url_origin,
       count(*) AS attempts,
       sum(CASE WHEN r.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END) AS succeeded,
       sum(CASE WHEN r.outcome = 'WILL_RETRY' THEN 1 ELSE 0 END) AS retried,
       sum(CASE WHEN r.outcome = 'FAILED' THEN 1 ELSE 0 END) AS failed,
       sum(CASE WHEN r.status_code BETWEEN 200 AND 299 THEN 1 ELSE 0 END) / count(*)
           AS success_rate,
       sum(CASE WHEN r.rn = floor(1 + 0.50 * (r.n - 1))
                THEN r.duration_ms * (1 - (0.50 * (r.n - 1) - floor(0.50 * (r.n - 1))))
                WHEN r.rn = floor(1 + 0.50 * (r.n - 1)) + 1
                THEN r.duration_ms * (0.50 * (r.n - 1) - floor(0.50 * (r.n - 1)))
                ELSE 0 END) AS p50_ms,
       sum(CASE WHEN r.rn = floor(1 + 0.95 * (r.n - 1))
                THEN r.duration_ms * (1 - (0.95 * (r.n - 1) - floor(0.95 * (r.n - 1))))
                WHEN r.rn = floor(1 + 0.95 * (r.n - 1)) + 1
                THEN r.duration_ms * (0.95 * (r.n - 1) - floor(0.95 * (r.n - 1)))
                ELSE 0 END) AS p95_ms,
       sum(CASE WHEN r.rn = floor(1 + 0.99 * (r.n - 1))
                THEN r.duration_ms * (1 - (0.99 * (r.n - 1) - floor(0.99 * (r.n - 1))))
                WHEN r.rn = floor(1 + 0.99 * (r.n - 1)) + 1
                THEN r.duration_ms * (0.99 * (r.n - 1) - floor(0.99 * (r.n - 1)))
                ELSE 0 END) AS p99_ms,
       max(r.duration_ms) AS max_ms,
       max(r.started_at) AS last_attempt_at
  FROM (SELECT o.url_origin, o.status_code, o.outcome, o.duration_ms, o.started_at,
               row_number() OVER (PARTITION BY o.url_origin ORDER BY o.duration_ms) AS rn,
               count(*) OVER (PARTITION BY o.url_origin) AS n
          FROM (SELECT lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*'))
                           AS url_origin,
                       a.status_code, a.outcome, a.duration_ms, a.started_at
                  FROM webhook_attempt a
                  JOIN webhook_delivery d ON d.id = a.delivery_id
                 WHERE a.started_at >= utc_timestamp(6) - INTERVAL 1 DAY) o) r
 GROUP BY r.url_origin;

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
       timestampdiff(SECOND, d.lease_until, utc_timestamp(6)) AS stuck_seconds,
       d.last_error
  FROM webhook_delivery d
 WHERE d.status = 'IN_FLIGHT' AND d.lease_until < utc_timestamp(6)
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
       timestampdiff(SECOND, d.next_attempt_at, utc_timestamp(6)) AS stuck_seconds,
       d.last_error
  FROM webhook_delivery d
 WHERE d.status = 'PENDING' AND d.next_attempt_at < utc_timestamp(6) - INTERVAL 5 MINUTE;

-- Unfinished deliveries by when they are due, in buckets; bucket_order sorts them.
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
                   WHEN d.next_attempt_at < utc_timestamp(6) - INTERVAL 1 HOUR THEN 1
                   WHEN d.next_attempt_at < utc_timestamp(6) - INTERVAL 5 MINUTE THEN 2
                   WHEN d.next_attempt_at <= utc_timestamp(6) THEN 3
                   WHEN d.next_attempt_at <= utc_timestamp(6) + INTERVAL 1 MINUTE THEN 4
                   WHEN d.next_attempt_at <= utc_timestamp(6) + INTERVAL 1 HOUR THEN 5
                   ELSE 6
               END
          FROM webhook_delivery d
         WHERE d.status = 'PENDING') b
 GROUP BY b.bucket_order;
