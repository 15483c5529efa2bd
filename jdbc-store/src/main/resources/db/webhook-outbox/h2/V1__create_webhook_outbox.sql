-- webhook-outbox schema version 1, H2 (2.x). H2 has no partial indexes: plain ones stand in.
-- Applied by `OutboxSchema.migrate(dataSource)` (or `webhook-runner migrate`); usable unchanged as a
-- Flyway or Liquibase migration. Idempotent: every statement is IF NOT EXISTS.

-- One row per (webhook, event). `id` is also the `webhook-id` header, identical on every retry.
CREATE TABLE IF NOT EXISTS webhook_delivery (
    id               uuid          PRIMARY KEY,
    event_type       varchar(100)  NOT NULL,
    subject          varchar(200),
    url              varchar(2048) NOT NULL,
    payload          character varying NOT NULL,
    extra_headers    character varying(8000),
    signing_secrets  character varying(4000),
    status           varchar(16)   NOT NULL DEFAULT 'PENDING'
        CONSTRAINT webhook_delivery_status_check
        CHECK (status IN ('PENDING', 'IN_FLIGHT', 'DELIVERED', 'FAILED', 'SUPERSEDED')),
    attempt_count    integer       NOT NULL DEFAULT 0,
    next_attempt_at  timestamp with time zone NOT NULL,
    lease_owner      varchar(100),
    lease_until      timestamp with time zone,
    last_status_code integer,
    last_error       varchar(2000),
    dedupe_key       varchar(200),
    created_at       timestamp with time zone NOT NULL,
    updated_at       timestamp with time zone NOT NULL,
    completed_at     timestamp with time zone,
    -- INTERMEDIATE (throttled, coalesced), TERMINAL (never dropped) or OTHER, as the app classified
    -- the event type at enqueue.
    event_kind       varchar(12)   NOT NULL DEFAULT 'OTHER'
        CONSTRAINT webhook_delivery_event_kind_check
        CHECK (event_kind IN ('INTERMEDIATE', 'TERMINAL', 'OTHER')),
    -- The retry preset the runner applies (e.g. terminal-only); NULL means the runner's default.
    retry_preset     varchar(40),
    -- true: sent only after every older delivery of the subject to this URL is final.
    strict_order     boolean       NOT NULL DEFAULT false,
    -- How many newer intermediate updates replaced this row's payload while it waited.
    coalesced_count  integer       NOT NULL DEFAULT 0,
    -- When the failure listener returned for this FAILED row; NULL means it is still to be called.
    failure_notified_at timestamp with time zone
);

-- The claim query reads this index only: due rows in due order, nothing else.
CREATE INDEX IF NOT EXISTS webhook_delivery_due_idx
    ON webhook_delivery (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_delivery_lease_idx
    ON webhook_delivery (status, lease_until);
-- A subject's deliveries by status in enqueue order: the newest one for throttling at enqueue, the
-- older in-flight or pending ones and the newer delivered ones for ordering at send time.
CREATE INDEX IF NOT EXISTS webhook_delivery_subject_idx
    ON webhook_delivery (subject, status, created_at);
CREATE INDEX IF NOT EXISTS webhook_delivery_failed_idx
    ON webhook_delivery (status, completed_at);
-- H2 unique indexes allow any number of NULLs, like the partial index on PostgreSQL.
CREATE UNIQUE INDEX IF NOT EXISTS webhook_delivery_dedupe_key_idx
    ON webhook_delivery (dedupe_key);

-- One row per POST. `outcome` is what the attempt decided for its delivery.
CREATE TABLE IF NOT EXISTS webhook_attempt (
    id               bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id      uuid          NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt_number   integer       NOT NULL,
    started_at       timestamp with time zone NOT NULL,
    duration_ms      integer       NOT NULL,
    status_code      integer,
    outcome          varchar(16)   NOT NULL
        CONSTRAINT webhook_attempt_outcome_check
        CHECK (outcome IN ('DELIVERED', 'WILL_RETRY', 'FAILED')),
    error_kind       varchar(32),
    error_message    varchar(2000),
    response_excerpt character varying(20000),
    runner_id        varchar(100)
);

CREATE INDEX IF NOT EXISTS webhook_attempt_delivery_idx
    ON webhook_attempt (delivery_id, attempt_number);
