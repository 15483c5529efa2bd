-- Whether one of the newest :window deliveries (ids are time-ordered UUIDv7) holds signing keys
-- that are not in SecretCipher's enc: form. It reads at most :window rows, walking the primary
-- key backwards, however large the table; it returns no key.
SELECT 1
  FROM (SELECT signing_secrets
          FROM webhook_delivery
         ORDER BY id DESC
         LIMIT :window) newest
 WHERE signing_secrets IS NOT NULL
   AND signing_secrets NOT LIKE 'enc:%'
 LIMIT 1
