-- Makes one finished (or waiting) delivery due now. IN_FLIGHT rows are left to their runner.
-- attempt_count is kept, so attempt numbers keep increasing and the retry policy's limits still
-- count earlier attempts: an exhausted delivery gets one more attempt.
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, completed_at = NULL, updated_at = :now
 WHERE id = :id AND status IN ('PENDING', 'DELIVERED', 'FAILED')
