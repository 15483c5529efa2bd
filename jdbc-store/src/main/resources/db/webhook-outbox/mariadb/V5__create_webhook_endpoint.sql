-- webhook-outbox schema version 5, MariaDB and MySQL: endpoint health and disabling.
-- One row per URL origin (scheme://host[:port], lower case, as the admin views' url_origin) that a
-- runner has sent to. Runners write a row when its health changes (first failure after a success,
-- first success after a failure) and repeat it at most every few minutes; never once per delivery.
-- An origin whose attempts all failed for days is disabled: its deliveries are parked (PENDING,
-- next_attempt_at = 9999-12-31 00:00:00 UTC, attempt_count unchanged) until it is enabled again.
-- Enable it with plain SQL (docs/admin-sql.md):
--   UPDATE webhook_endpoint SET disabled_at = NULL, failing_since = NULL,
--          updated_at = UTC_TIMESTAMP(6) WHERE origin = 'https://hooks.example.com';
-- and the runners make its parked deliveries due within a few seconds.
-- origin is varchar(768), where PostgreSQL has 2048: an InnoDB key holds at most 3,072 bytes, and
-- an origin is at most about 270 characters (host names have at most 253).
CREATE TABLE IF NOT EXISTS webhook_endpoint (
    origin               varchar(768)  NOT NULL,
    -- The first failed attempt after the last success; NULL while the origin is healthy.
    failing_since        datetime(6),
    last_failure_at      datetime(6),
    last_success_at      datetime(6),
    last_error           varchar(2000),
    -- Set while the origin is disabled; NULL means enabled.
    disabled_at          datetime(6),
    disabled_reason      varchar(2000),
    -- The disabled_at of the latest disablement the endpoint listener returned for.
    notified_disabled_at datetime(6),
    -- The runner calling the endpoint listener holds the disablement until then.
    notify_lease_until   datetime(6),
    -- Set when deliveries were parked for this origin; cleared once they were released.
    parked_at            datetime(6),
    -- Counts the parkings: the maintenance job clears parked_at only if no runner parked since.
    park_version         bigint        NOT NULL DEFAULT 0,
    updated_at           datetime(6)   NOT NULL,
    PRIMARY KEY (origin),
    -- The runners' periodic reads: disabled origins (disabled_at IS NOT NULL), and failing ones to
    -- check against the threshold (disabled_at IS NULL AND failing_since <= ?). One index serves
    -- both; PostgreSQL has a partial index for each.
    INDEX webhook_endpoint_failing_idx (disabled_at, failing_since)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
  COMMENT = 'Health of each URL origin; disabled_at set while disabled (docs/admin-sql.md)';

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
                    AND d.next_attempt_at >= TIMESTAMP '9999-12-31 00:00:00'
                    AND lower(regexp_substr(d.url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*'))
                        = e.origin)
       END AS parked_deliveries,
       e.updated_at
  FROM webhook_endpoint e;
