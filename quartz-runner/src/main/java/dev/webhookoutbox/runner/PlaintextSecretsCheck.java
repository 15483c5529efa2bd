package dev.webhookoutbox.runner;

import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.SecretsAtRest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at runner start when signing secrets sit in the outbox in plaintext and the runner has no
 * key to read encrypted ones: nothing else would tell the operator that the table is as sensitive
 * as a password column. One bounded query ({@link SecretsAtRest#holdsPlaintextSecrets()}), only for
 * a store with that capability and without a cipher; another store is not ours to judge.
 */
final class PlaintextSecretsCheck {

  private static final Logger log = LoggerFactory.getLogger(WebhookRunner.class);

  static final String WARNING =
      "The outbox holds signing secrets in plaintext (webhook_delivery.signing_secrets) and this"
          + " runner has no secret key: anyone who can read that table, a replica or a backup can"
          + " sign webhooks your receivers accept. Encrypt them: standalone runner, set"
          + " webhooks.secret-key (and use the same key wherever deliveries are enqueued);"
          + " embedded, set OutboxOptions.builder().secretCipher(...) in the options given to both"
          + " WebhookOutbox.builder().options(...) and WebhookRunner.builder(dataSource)"
          + ".options(...) (or give the cipher to the JdbcOutboxStore you give the runner). Rows"
          + " already stored stay readable; see docs/signing.md";

  private PlaintextSecretsCheck() {}

  /**
   * Logs {@link #WARNING} once if it applies.
   *
   * @return whether it warned
   */
  static boolean warnIfPlaintext(OutboxStore store) {
    SecretsAtRest secrets = store.capability(SecretsAtRest.class).orElse(null);
    if (secrets == null || secrets.hasSecretCipher()) {
      return false;
    }
    try {
      if (!secrets.holdsPlaintextSecrets()) {
        return false;
      }
    } catch (OutboxStoreException e) {
      // Only a hint: a database that is not there yet must not stop the runner from starting.
      log.info("Could not check how signing secrets are stored: {}", e.getMessage());
      return false;
    }
    log.warn(WARNING);
    return true;
  }
}
