-- Makes an origin's parked deliveries due now. Reads only the parked end of the due index.
UPDATE webhook_delivery
   SET next_attempt_at = :now, updated_at = :now
 WHERE status = 'PENDING' AND next_attempt_at >= :parkedUntil
   AND lower(regexp_substr(url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*')) = :origin
