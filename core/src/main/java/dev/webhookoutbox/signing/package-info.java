/**
 * Standard Webhooks signatures, both ends.
 *
 * <p>Sending: every attempt carries {@code webhook-id}, {@code webhook-timestamp} and {@code
 * webhook-signature}, the latter with one signature per {@link
 * dev.webhookoutbox.signing.SigningKey} of the webhook: {@code v1} (HMAC-SHA256, {@code whsec_}
 * secrets) or {@code v1a} (Ed25519, {@code whsk_} keys whose public {@code whpk_} half receivers
 * hold).
 *
 * <p>Receiving: {@link dev.webhookoutbox.signing.WebhookVerifier} checks the headers, the timestamp
 * tolerance and the signatures, and says why it rejected a webhook through {@link
 * dev.webhookoutbox.signing.WebhookVerificationException#reason()}.
 *
 * <p>At rest: {@link dev.webhookoutbox.signing.SecretCipher} encrypts the stored keys with
 * AES-256-GCM when the operator configures a key.
 */
package dev.webhookoutbox.signing;
