-- Disables an origin by hand, known to the runners or not; an already disabled one is left alone.
MERGE INTO webhook_endpoint e
USING (VALUES (CAST(:origin AS varchar(2048)), CAST(:now AS timestamp with time zone),
               CAST(:reason AS varchar(2000))))
      AS r(origin, now, reason)
   ON e.origin = r.origin
 WHEN MATCHED AND e.disabled_at IS NULL THEN UPDATE SET
    disabled_at = r.now, disabled_reason = r.reason, updated_at = r.now
 WHEN NOT MATCHED THEN
    INSERT (origin, disabled_at, disabled_reason, updated_at) VALUES (r.origin, r.now, r.reason, r.now)
