-- webhook-outbox schema version 1, MariaDB 10.6+ and MySQL 8.0+ (InnoDB); one file for both.
-- Applied by `OutboxSchema.migrate(dataSource)` (or `webhook-runner migrate`); usable unchanged as a
-- Flyway or Liquibase migration. Idempotent: CREATE TABLE IF NOT EXISTS with every index inline
-- (MySQL has no CREATE INDEX IF NOT EXISTS nor ADD COLUMN IF NOT EXISTS), so this file also holds
-- what later versions add on PostgreSQL: the attempt start index (3), the lease index by
-- lease_until alone (6), lost_leases and failure_kind (7), last_attempt_started_at with its index
-- (8). Those files have nothing left to do here but views.
--
-- Types, and why:
-- * ids are CHAR(36), the UUID as text: MySQL has no UUID type and MariaDB's (10.7+) is not in
--   10.6; BINARY(16) would halve the key but make every admin query convert (MariaDB has no
--   UUID_TO_BIN). UUIDv7 text sorts in time order like the binary form, so inserts still append to
--   the primary key and the purge walks it by range.
-- * times are DATETIME(6) holding UTC: TIMESTAMP ends in 2038 (parked deliveries wait until
--   9999-12-31) and converts through the session's time zone. The library binds them as UTC; admin
--   SQL compares them with UTC_TIMESTAMP(), not CURRENT_TIMESTAMP or NOW().
-- * utf8mb4 with the binary collation, as PostgreSQL compares text: case-sensitive subjects, URLs
--   and dedupe keys (utf8mb4_bin ignores trailing spaces, as every PAD SPACE collation does).
-- * payload MEDIUMTEXT: bodies up to 256 KiB of characters are up to 1 MiB of UTF-8 (TEXT holds
--   64 KiB).
-- * no partial indexes: composite ones lead with the status the queries fix, so the claim walks
--   (status, next_attempt_at) in order and stops at its LIMIT.

-- One row per (webhook, event). `id` is also the `webhook-id` header, identical on every retry.
CREATE TABLE IF NOT EXISTS webhook_delivery (
    id               char(36)      NOT NULL,
    event_type       varchar(100)  NOT NULL,
    subject          varchar(200),
    url              varchar(2048) NOT NULL,
    payload          mediumtext    NOT NULL,
    extra_headers    text,
    signing_secrets  text,
    status           varchar(16)   NOT NULL DEFAULT 'PENDING',
    attempt_count    integer       NOT NULL DEFAULT 0,
    next_attempt_at  datetime(6)   NOT NULL,
    lease_owner      varchar(100),
    lease_until      datetime(6),
    last_status_code integer,
    last_error       varchar(2000),
    dedupe_key       varchar(200),
    created_at       datetime(6)   NOT NULL,
    updated_at       datetime(6)   NOT NULL,
    completed_at     datetime(6),
    -- INTERMEDIATE (throttled, coalesced), TERMINAL (never dropped) or OTHER, as the app classified
    -- the event type at enqueue.
    event_kind       varchar(12)   NOT NULL DEFAULT 'OTHER',
    -- The retry preset the runner applies (e.g. terminal-only); NULL means the runner's default.
    retry_preset     varchar(40),
    -- true: sent only after every older delivery of the subject to this URL is final.
    strict_order     boolean       NOT NULL DEFAULT false,
    -- How many newer intermediate updates replaced this row's payload while it waited.
    coalesced_count  integer       NOT NULL DEFAULT 0,
    -- When the failure listener returned for this FAILED row; NULL means it is still to be called.
    failure_notified_at datetime(6),
    -- The start of the latest attempt (PostgreSQL's version 8): runners keep intermediate updates
    -- of one subject a throttle window apart by it.
    last_attempt_started_at datetime(6),
    -- Claims in a row that ended with an expired lease instead of an attempt outcome
    -- (PostgreSQL's version 7); an outcome sets it back to 0.
    lost_leases      integer       NOT NULL DEFAULT 0,
    -- POISONED: failed because its claims kept ending without an outcome; NULL: an attempt decided.
    failure_kind     varchar(16),
    PRIMARY KEY (id),
    CONSTRAINT webhook_delivery_status_check
        CHECK (status IN ('PENDING', 'IN_FLIGHT', 'DELIVERED', 'FAILED', 'SUPERSEDED')),
    CONSTRAINT webhook_delivery_event_kind_check
        CHECK (event_kind IN ('INTERMEDIATE', 'TERMINAL', 'OTHER')),
    CONSTRAINT webhook_delivery_failure_kind_check CHECK (failure_kind IN ('POISONED')),
    -- The claim reads this index in order: due rows of one status, by due time, up to its LIMIT.
    INDEX webhook_delivery_due_idx (status, next_attempt_at),
    -- Every leased row (IN_FLIGHT, and FAILED while its failure listener runs) by lease end.
    INDEX webhook_delivery_leased_idx (lease_until),
    -- A subject's deliveries by status in enqueue order: the newest one for throttling at enqueue,
    -- the older in-flight or pending ones and the newer delivered ones for ordering at send time.
    INDEX webhook_delivery_subject_idx (subject, status, created_at),
    INDEX webhook_delivery_failed_idx (status, completed_at),
    -- Failures whose listener has not returned yet: the runner's notification query.
    INDEX webhook_delivery_unnotified_idx (status, failure_notified_at, completed_at),
    -- Unique where set: InnoDB lets any number of rows hold NULL.
    UNIQUE INDEX webhook_delivery_dedupe_key_idx (dedupe_key),
    -- A subject's intermediate deliveries by the start of their latest attempt: the runner reads
    -- the newest entry (one backward index probe per claimed update).
    INDEX webhook_delivery_throttle_idx (subject, event_kind, last_attempt_started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
  COMMENT = 'One row per webhook (docs/admin-sql.md)';

-- One row per POST. `outcome` is what the attempt decided for its delivery.
CREATE TABLE IF NOT EXISTS webhook_attempt (
    id               bigint        NOT NULL AUTO_INCREMENT,
    delivery_id      char(36)      NOT NULL,
    attempt_number   integer       NOT NULL,
    started_at       datetime(6)   NOT NULL,
    duration_ms      integer       NOT NULL,
    status_code      integer,
    outcome          varchar(16)   NOT NULL,
    error_kind       varchar(32),
    error_message    varchar(2000),
    response_excerpt mediumtext,
    runner_id        varchar(100),
    PRIMARY KEY (id),
    CONSTRAINT webhook_attempt_outcome_check
        CHECK (outcome IN ('DELIVERED', 'WILL_RETRY', 'FAILED')),
    CONSTRAINT webhook_attempt_delivery_fk
        FOREIGN KEY (delivery_id) REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    INDEX webhook_attempt_delivery_idx (delivery_id, attempt_number),
    -- The "last 24 hours" views filter attempts by start time (a BRIN index on PostgreSQL).
    INDEX webhook_attempt_started_idx (started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
  COMMENT = 'One row per POST of a webhook (docs/admin-sql.md)';
