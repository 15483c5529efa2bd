-- Run at the start of the claim and record transactions, which touch a few hundred rows each:
-- the claim walks the due index in order up to its LIMIT, the record looks each row up by primary
-- key. A queue's statistics are often stale (a burst arrived since the last ANALYZE) and its
-- partial indexes hold many dead entries until VACUUM. On a low row estimate the planner chose a
-- bitmap scan of the whole due index plus a sort, or a join over every leased row, and read every
-- dead entry's heap page: measured 17,000 page reads and 300 ms for one claim of 500 rows out of a
-- fresh 100,000-row backlog. Plain index scans skip entries already marked dead and stop early.
SET LOCAL enable_bitmapscan = off;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = off
