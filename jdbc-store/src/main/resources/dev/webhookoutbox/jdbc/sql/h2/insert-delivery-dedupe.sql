-- insert-delivery for a request with a dedupe key, H2's equivalent of ON CONFLICT DO NOTHING:
-- a duplicate key writes nothing. (A concurrent duplicate still raises 23505, which the caller
-- catches; H2 keeps the transaction usable after a failed statement.) Same parameters in the same
-- order as insert-delivery.
MERGE INTO webhook_delivery d
USING (VALUES (CAST(? AS uuid), CAST(? AS varchar(100)), CAST(? AS varchar(200)),
               CAST(? AS varchar(2048)), CAST(? AS character varying),
               CAST(? AS character varying(4000)), CAST(? AS character varying(8000)),
               CAST(? AS timestamp with time zone), CAST(? AS varchar(200)),
               CAST(? AS timestamp with time zone), CAST(? AS timestamp with time zone),
               CAST(? AS varchar(12)), CAST(? AS varchar(40)), CAST(? AS boolean)))
      AS r (id, event_type, subject, url, payload, signing_secrets, extra_headers,
            next_attempt_at, dedupe_key, created_at, updated_at, event_kind, retry_preset,
            strict_order)
   ON d.dedupe_key = r.dedupe_key
 WHEN NOT MATCHED THEN INSERT
       (id, event_type, subject, url, payload, signing_secrets, extra_headers, status, attempt_count,
        next_attempt_at, dedupe_key, created_at, updated_at, event_kind, retry_preset, strict_order)
VALUES (r.id, r.event_type, r.subject, r.url, r.payload, r.signing_secrets, r.extra_headers,
        'PENDING', 0, r.next_attempt_at, r.dedupe_key, r.created_at, r.updated_at, r.event_kind,
        r.retry_preset, r.strict_order)
