SELECT payload FROM webhook_delivery WHERE id = :id
