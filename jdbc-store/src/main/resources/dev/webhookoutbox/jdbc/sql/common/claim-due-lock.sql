-- The claim where the database cannot lock inside an UPDATE's subquery and return the rows (H2;
-- MariaDB and MySQL have no UPDATE ... RETURNING): the due ids are locked first, then marked by
-- claim-due-mark and read by claim-due-read, in one transaction: three statements per claim,
-- whatever its size. SKIP LOCKED lets concurrent runners take disjoint rows without waiting. On
-- MariaDB the transaction runs at READ COMMITTED, so this locks the rows it returns and no gaps
-- between index entries, where the host's enqueues insert.
SELECT id FROM webhook_delivery
 WHERE status = 'PENDING' AND next_attempt_at <= :now
 ORDER BY next_attempt_at
 LIMIT :limit
   FOR UPDATE SKIP LOCKED
