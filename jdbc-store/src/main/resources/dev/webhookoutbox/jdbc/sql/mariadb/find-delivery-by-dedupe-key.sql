-- A locking read: it sees the row another transaction committed after this one's snapshot (the
-- insert before it waited for that transaction, and holds the lock this takes already).
SELECT id FROM webhook_delivery WHERE dedupe_key = ? LOCK IN SHARE MODE
