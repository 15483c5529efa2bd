-- Remembers that these origins have parked deliveries, so that the maintenance job releases them
-- once the origin is enabled (even when an admin enables it with plain SQL).
UPDATE webhook_endpoint
   SET parked_at = :now, park_version = park_version + 1
 WHERE origin IN (<origins>)
