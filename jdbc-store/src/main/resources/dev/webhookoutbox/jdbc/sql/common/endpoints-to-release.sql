-- Enabled origins that still have parked deliveries (enabled by the API or by plain SQL).
SELECT origin, park_version
  FROM webhook_endpoint
 WHERE disabled_at IS NULL AND parked_at IS NOT NULL
