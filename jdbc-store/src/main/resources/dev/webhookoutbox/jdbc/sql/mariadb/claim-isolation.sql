-- Run first in a claim transaction (claim-due-lock, claim-unnotified-failures-lock): that one
-- transaction runs at READ COMMITTED. Under InnoDB's default REPEATABLE READ the locking range
-- scan of the due index also takes next-key (gap) locks, up to the first entry past the due rows,
-- and an enqueue inserting a row that is due now waits for the claim to commit. At READ COMMITTED
-- it locks the rows it returns and nothing else. Applies to the next transaction only, so the
-- connection goes back to the pool as it came.
SET TRANSACTION ISOLATION LEVEL READ COMMITTED
