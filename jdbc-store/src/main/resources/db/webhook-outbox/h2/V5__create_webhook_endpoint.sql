-- webhook-outbox schema version 5, H2 (2.x): endpoint health and disabling.
-- One row per URL origin (scheme://host[:port], lower case, as the admin views' url_origin) that a
-- runner has sent to. Runners write a row when its health changes (first failure after a success,
-- first success after a failure) and repeat it at most every few minutes; never once per delivery.
-- An origin whose attempts all failed for days is disabled: its deliveries are parked (PENDING,
-- next_attempt_at = 9999-12-31 00:00:00+00, attempt_count unchanged) until it is enabled again.
-- Enable it with plain SQL (docs/admin-sql.md):
--   UPDATE webhook_endpoint SET disabled_at = NULL, failing_since = NULL,
--          updated_at = CURRENT_TIMESTAMP WHERE origin = 'https://hooks.example.com';
-- and the runners make its parked deliveries due within a few seconds.
CREATE TABLE IF NOT EXISTS webhook_endpoint (
    origin               varchar(2048) PRIMARY KEY,
    -- The first failed attempt after the last success; NULL while the origin is healthy.
    failing_since        timestamp with time zone,
    last_failure_at      timestamp with time zone,
    last_success_at      timestamp with time zone,
    last_error           varchar(2000),
    -- Set while the origin is disabled; NULL means enabled.
    disabled_at          timestamp with time zone,
    disabled_reason      varchar(2000),
    -- The disabled_at of the latest disablement the endpoint listener returned for.
    notified_disabled_at timestamp with time zone,
    -- The runner calling the endpoint listener holds the disablement until then.
    notify_lease_until   timestamp with time zone,
    -- Set when deliveries were parked for this origin; cleared once they were released.
    parked_at            timestamp with time zone,
    -- Counts the parkings: the maintenance job clears parked_at only if no runner parked since.
    park_version         bigint        NOT NULL DEFAULT 0,
    updated_at           timestamp with time zone NOT NULL
);

-- The runners' periodic reads: disabled origins, and failing ones to check against the threshold.
-- H2 has no partial indexes: plain ones stand in.
CREATE INDEX IF NOT EXISTS webhook_endpoint_disabled_idx
    ON webhook_endpoint (disabled_at);
CREATE INDEX IF NOT EXISTS webhook_endpoint_failing_idx
    ON webhook_endpoint (failing_since);

-- Every known origin with its state: DISABLED, FAILING (failing now, not disabled) or HEALTHY, and
-- how many deliveries are parked for it.
CREATE OR REPLACE VIEW webhook_endpoint_status AS
SELECT e.origin,
       CASE
           WHEN e.disabled_at IS NOT NULL THEN 'DISABLED'
           WHEN e.failing_since IS NOT NULL THEN 'FAILING'
           ELSE 'HEALTHY'
       END AS state,
       e.failing_since,
       e.last_failure_at,
       e.last_success_at,
       e.last_error,
       e.disabled_at,
       e.disabled_reason,
       CASE
           WHEN e.disabled_at IS NULL AND e.parked_at IS NULL THEN 0
           ELSE (SELECT count(*)
                   FROM webhook_delivery d
                  WHERE d.status = 'PENDING'
                    AND d.next_attempt_at >= TIMESTAMP WITH TIME ZONE '9999-12-31 00:00:00+00'
                    AND lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*'))
                        = e.origin)
       END AS parked_deliveries,
       e.updated_at
  FROM webhook_endpoint e;
