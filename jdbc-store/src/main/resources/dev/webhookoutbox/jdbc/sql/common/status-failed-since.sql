SELECT count(*) FROM webhook_delivery WHERE status = 'FAILED' AND completed_at >= :since
