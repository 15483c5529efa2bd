-- Makes one finished (or waiting) delivery due now. IN_FLIGHT rows are left to their runner.
-- attempt_count is kept, so attempt numbers keep increasing and the retry policy's limits still
-- count earlier attempts: an exhausted delivery gets one more attempt. A SUPERSEDED delivery can be
-- replayed too (subject ordering still applies to it). The failure listener's mark and any
-- notification lease are cleared, so a new permanent failure is reported again. A poisoned delivery
-- starts a new count of lost claims (lost_leases, failure_kind).
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, completed_at = NULL, updated_at = :now,
       lease_owner = NULL, lease_until = NULL, failure_notified_at = NULL, lost_leases = 0,
       failure_kind = NULL
 WHERE id = :id AND status IN ('PENDING', 'DELIVERED', 'FAILED', 'SUPERSEDED')
