package dev.webhookoutbox.spi;

/**
 * Optional capability of an {@link OutboxStore} (see {@link OutboxStore#capability}): how the
 * signing secrets of its deliveries are stored. A runner asks it once at start, to warn when the
 * store holds secrets in plaintext and cannot read encrypted ones, which would otherwise go
 * unnoticed; a store without it is not checked.
 */
public interface SecretsAtRest {

  /** Whether this store decrypts signing secrets, i.e. was given a secret cipher. */
  boolean hasSecretCipher();

  /**
   * Whether some of the newest deliveries store their signing secrets in plaintext. A bounded
   * check: it must stay cheap whatever the size of the outbox, and never read a secret out.
   */
  boolean holdsPlaintextSecrets();
}
