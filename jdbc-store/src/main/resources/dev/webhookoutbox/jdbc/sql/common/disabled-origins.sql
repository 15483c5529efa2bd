-- What each runner re-reads every few seconds: a handful of rows through a partial index.
SELECT origin FROM webhook_endpoint WHERE disabled_at IS NOT NULL
