-- A newer intermediate update replaces the body of its subject's waiting update (latest state
-- wins). Matches nothing if a runner claimed the row meanwhile; the update then gets a row of its
-- own.
UPDATE webhook_delivery
   SET event_type = ?, payload = ?, signing_secrets = ?, extra_headers = ?, retry_preset = ?,
       strict_order = ?, coalesced_count = coalesced_count + 1, updated_at = ?
 WHERE id = ? AND status = 'PENDING' AND attempt_count = 0 AND event_kind = 'INTERMEDIATE'
