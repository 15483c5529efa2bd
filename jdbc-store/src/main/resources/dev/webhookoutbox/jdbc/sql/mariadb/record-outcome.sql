-- All status updates of a batch in one statement, as on PostgreSQL: one derived-table row per
-- outcome, joined to its delivery by primary key. A JDBC batch would cost one round trip per row
-- with MySQL Connector/J's defaults, and with MariaDB Connector/J's useBulkStmts=true it reports no
-- per-row counts; this statement's count is the rows whose lease was still held, whatever the
-- driver's settings. Only the lease holder may set the outcome, which ends a run of lost claims
-- (lost_leases, PostgreSQL's migration V7). The part in {{ }} is repeated once per further
-- outcome. Parameters: the columns of each row, then updated_at and lease_owner.
-- STRAIGHT_JOIN reads the outcomes first and looks each delivery up by primary key: with few rows
-- in flight the optimizer would rather scan them all, locking other runners' rows on the way. The
-- derived ids are given the column's collation, so that no connection's character set can make
-- the comparison an illegal mix of collations (MySQL) or keep it off the primary key.
UPDATE (SELECT ? AS id, ? AS status, ? AS attempt_number, ? AS next_attempt_at,
               ? AS started_at, ? AS status_code, ? AS last_error, ? AS completed_at
        {{UNION ALL SELECT ?, ?, ?, ?, ?, ?, ?, ?}}) u
       STRAIGHT_JOIN webhook_delivery d
    ON d.id = CONVERT(u.id USING utf8mb4) COLLATE utf8mb4_bin
   SET d.status = u.status,
       d.attempt_count = u.attempt_number,
       d.next_attempt_at = u.next_attempt_at,
       d.last_attempt_started_at = u.started_at,
       d.last_status_code = u.status_code,
       d.last_error = u.last_error,
       d.lease_owner = NULL,
       d.lease_until = NULL,
       d.lost_leases = 0,
       d.updated_at = ?,
       d.completed_at = u.completed_at
 WHERE d.status = 'IN_FLIGHT' AND d.lease_owner = ?
