SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'
