-- The versions OutboxSchema applied (not used where Flyway or Liquibase manage the files).
CREATE TABLE IF NOT EXISTS webhook_outbox_schema (
    version    integer      PRIMARY KEY,
    script     varchar(200) NOT NULL,
    applied_at timestamp with time zone NOT NULL
)
