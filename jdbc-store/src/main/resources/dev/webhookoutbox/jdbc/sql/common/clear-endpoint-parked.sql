-- Only if no runner parked more deliveries since they were released (a runner whose copy of the
-- disabled origins was a few seconds old): those are released at the next check.
UPDATE webhook_endpoint
   SET parked_at = NULL
 WHERE origin = :origin AND park_version = :parkVersion AND disabled_at IS NULL
