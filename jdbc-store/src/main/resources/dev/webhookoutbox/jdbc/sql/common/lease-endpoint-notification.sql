-- Takes one disablement for this runner's listener until :leaseUntil; matches nothing if another
-- runner took it, or the origin was enabled or disabled again meanwhile.
UPDATE webhook_endpoint
   SET notify_lease_until = :leaseUntil
 WHERE origin = :origin AND disabled_at = :disabledAt
   AND (notified_disabled_at IS NULL OR notified_disabled_at <> disabled_at)
   AND (notify_lease_until IS NULL OR notify_lease_until < :now)
