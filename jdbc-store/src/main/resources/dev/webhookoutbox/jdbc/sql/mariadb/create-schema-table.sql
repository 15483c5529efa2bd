-- The versions OutboxSchema applied (not used where Flyway or Liquibase manage the files).
-- applied_at is the UTC time, as every DATETIME of the outbox.
CREATE TABLE IF NOT EXISTS webhook_outbox_schema (
    version    integer      PRIMARY KEY,
    script     varchar(200) NOT NULL,
    applied_at datetime(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin
