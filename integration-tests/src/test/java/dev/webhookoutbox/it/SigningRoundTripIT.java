package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.signing.Ed25519SigningKey;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.signing.VerifiedWebhook;
import dev.webhookoutbox.signing.WebhookSecret;
import dev.webhookoutbox.signing.WebhookVerificationException;
import dev.webhookoutbox.signing.WebhookVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Deliveries signed by the real sender and verified by a receiver with {@link WebhookVerifier}:
 * every attempt, retries included, with rotated and asymmetric keys, secrets encrypted at rest.
 */
class SigningRoundTripIT {

  @Test
  void everyAttemptIncludingRetriesVerifiesWithAnyRotatedKeyAndThePublicKey() throws Exception {
    WebhookSecret oldSecret = WebhookSecret.generate();
    WebhookSecret newSecret = WebhookSecret.generate();
    Ed25519SigningKey signingKey = Ed25519SigningKey.generate();
    SecretCipher cipher = SecretCipher.fromBase64Key(SecretCipher.generateKey());
    // One options value for both sides: the outbox encrypts with its cipher, the runner's store
    // decrypts with it. Retries more than a second apart carry a new webhook-timestamp, so a new
    // signature.
    OutboxOptions options =
        TestRunners.options(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .initialDelay(Duration.ofMillis(1100))
                    .multiplier(1)
                    .jitter(0)
                    .build())
            .toBuilder()
            .secretCipher(cipher)
            .build();
    try (TestDatabase db = TestDatabase.postgres();
        TestReceiver receiver = new TestReceiver().respondWith(503, 503, 200)) {
      UUID id =
          WebhookOutbox.builder()
              .options(options)
              .build()
              .enqueueWithoutTransaction(
                  db.dataSource(),
                  WebhookRequest.builder(receiver.url("/signed"), "completed")
                      .signingSecret(oldSecret.asText())
                      .signingSecret(newSecret.asText())
                      .signingSecret(signingKey.asText())
                      .payload("{\"id\":\"p-9\",\"status\":\"succeeded\"}")
                      .build());
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      String stored = (String) sql.delivery(id).get("signing_secrets");
      assertThat(stored).startsWith("enc:v1:").doesNotContain(oldSecret.asText().substring(6));

      try (WebhookRunner runner =
          TestRunners.fast(db.dataSource(), "signer").options(options).build()) {
        runner.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(sql.status(id)));
      }

      List<TestReceiver.Received> attempts = receiver.received();
      assertThat(attempts).hasSize(3);
      for (WebhookVerifier verifier :
          List.of(
              WebhookVerifier.of(oldSecret.asText()),
              WebhookVerifier.of(newSecret.asText()),
              WebhookVerifier.of(signingKey.verifyingKey().asText()))) {
        for (TestReceiver.Received attempt : attempts) {
          VerifiedWebhook verified = verifier.verify(attempt.headers(), attempt.body());
          assertThat(verified.id()).isEqualTo(id.toString());
        }
      }
      assertThat(attempts).extracting(a -> a.header("webhook-id")).containsOnly(id.toString());
      assertThat(attempts).extracting(a -> a.header("webhook-timestamp")).doesNotHaveDuplicates();
      assertThat(attempts)
          .extracting(a -> a.header("webhook-signature"))
          .doesNotHaveDuplicates()
          .allSatisfy(s -> assertThat(s.split(" ")).hasSize(3));

      TestReceiver.Received first = attempts.get(0);
      assertThatThrownBy(
              () ->
                  WebhookVerifier.of(WebhookSecret.generate().asText())
                      .verify(first.headers(), first.body()))
          .isInstanceOf(WebhookVerificationException.class);
      byte[] tampered = first.body().clone();
      tampered[tampered.length - 2] ^= 1;
      assertThatThrownBy(
              () -> WebhookVerifier.of(newSecret.asText()).verify(first.headers(), tampered))
          .isInstanceOf(WebhookVerificationException.class);
      Map<String, String> otherId = new java.util.HashMap<>(first.headers());
      otherId.put("webhook-id", UUID.randomUUID().toString());
      assertThatThrownBy(() -> WebhookVerifier.of(newSecret.asText()).verify(otherId, first.body()))
          .isInstanceOf(WebhookVerificationException.class);
    }
  }

  @Test
  void aDeliveryWithoutSecretsIsSentUnsignedWithIdAndTimestamp() throws Exception {
    try (TestDatabase db = TestDatabase.h2();
        TestReceiver receiver = new TestReceiver();
        WebhookRunner runner = TestRunners.fast(db.dataSource(), "unsigned").build()) {
      runner.start();
      WebhookOutbox.builder()
          .options(TestRunners.options())
          .build()
          .enqueueWithoutTransaction(
              db.dataSource(),
              WebhookRequest.builder(receiver.url("/plain"), "completed").payload("{}").build());
      await().atMost(Duration.ofSeconds(20)).until(() -> receiver.count() == 1);
      TestReceiver.Received received = receiver.received().get(0);
      assertThat(received.header("webhook-signature")).isNull();
      assertThat(received.header("webhook-id")).isNotBlank();
      assertThat(received.header("webhook-timestamp")).matches("\\d+");
    }
  }
}
