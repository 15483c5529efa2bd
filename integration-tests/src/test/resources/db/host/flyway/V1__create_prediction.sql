-- A host application's own first migration, numbered 1 like the outbox's: the two must not meet
-- in one Flyway history.
CREATE TABLE prediction (
    id     varchar(40) PRIMARY KEY,
    output varchar(200)
);
