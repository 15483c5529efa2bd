package dev.webhookoutbox.internal.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.signing.Ed25519SigningKey;
import dev.webhookoutbox.signing.VerifiedWebhook;
import dev.webhookoutbox.signing.WebhookSecret;
import dev.webhookoutbox.signing.WebhookVerifier;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OutgoingRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The headers the dispatcher sends verify with the receiver-side verifier, for mixed keys. */
class RequestFactorySigningTest {

  static final Instant ATTEMPT = Instant.parse("2025-06-01T12:00:00Z");

  final WebhookSecret secret = WebhookSecret.generate();
  final Ed25519SigningKey ed25519 = Ed25519SigningKey.generate();

  ClaimedDelivery delivery(List<String> secrets) {
    return new ClaimedDelivery(
        UUID.fromString("0191a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b"),
        "https://example.com/hooks?team=7",
        "completed",
        "prediction-42",
        "{\"id\":\"prediction-42\",\"status\":\"succeeded\"}",
        secrets,
        0,
        ATTEMPT.minusSeconds(5),
        Map.of());
  }

  static WebhookVerifier verifier(Instant now, String key) {
    return WebhookVerifier.builder().key(key).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
  }

  @Test
  void everyAttemptVerifiesWithEitherKeyAndRetriesKeepTheId() {
    ClaimedDelivery delivery = delivery(List.of(secret.asText(), ed25519.asText()));
    Instant retry = ATTEMPT.plusSeconds(90);

    OutgoingRequest first = RequestFactory.build(delivery, ATTEMPT);
    OutgoingRequest second = RequestFactory.build(delivery, retry);

    VerifiedWebhook byHmac =
        verifier(ATTEMPT, secret.asText()).verify(first.headers(), first.body());
    VerifiedWebhook byPublicKey =
        verifier(retry, ed25519.verifyingKey().asText()).verify(second.headers(), second.body());
    assertThat(byHmac.id()).isEqualTo(byPublicKey.id()).isEqualTo(delivery.id().toString());
    assertThat(byPublicKey.timestamp()).isEqualTo(retry);
    assertThat(first.headers().get("webhook-signature")).startsWith("v1,").contains(" v1a,");
    assertThat(second.headers().get("webhook-signature"))
        .isNotEqualTo(first.headers().get("webhook-signature"));
  }

  @Test
  void noSecretSendsUnsignedWithIdAndTimestamp() {
    OutgoingRequest request = RequestFactory.build(delivery(List.of()), ATTEMPT);

    assertThat(request.headers())
        .containsEntry("webhook-timestamp", Long.toString(ATTEMPT.getEpochSecond()))
        .containsKey("webhook-id")
        .doesNotContainKey("webhook-signature");
  }

  @Test
  void aSecretStillEncryptedFailsWithAHintAndNoSecret() {
    ClaimedDelivery delivery = delivery(List.of("enc:v1:c2VjcmV0LWNpcGhlcnRleHQtaGVyZQ=="));

    assertThatThrownBy(() -> RequestFactory.build(delivery, ATTEMPT))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageContaining("SecretCipher")
        .hasMessageNotContaining("c2VjcmV0");
  }
}
