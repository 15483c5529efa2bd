-- Makes failed deliveries due now: those that failed in [:since, :until), to one URL origin
-- (scheme://host[:port], lower case) or to any when :origin is NULL. As replay-one, the failure
-- listener's mark and notification lease are cleared, and a poisoned delivery's count of lost
-- claims.
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, completed_at = NULL, updated_at = :now,
       lease_owner = NULL, lease_until = NULL, failure_notified_at = NULL, lost_leases = 0,
       failure_kind = NULL
 WHERE status = 'FAILED'
   AND completed_at >= :since AND completed_at < :until
   AND (CAST(:origin AS char(2048)) IS NULL
        OR lower(regexp_substr(url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) = :origin)
