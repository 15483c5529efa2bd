SELECT id FROM webhook_delivery WHERE dedupe_key = ?
