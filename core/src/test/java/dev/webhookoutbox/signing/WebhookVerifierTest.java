package dev.webhookoutbox.signing;

import static dev.webhookoutbox.signing.SigningKeyTest.SPEC_BODY;
import static dev.webhookoutbox.signing.SigningKeyTest.SPEC_ED25519_KEY;
import static dev.webhookoutbox.signing.SigningKeyTest.SPEC_ED25519_SIGNATURE;
import static dev.webhookoutbox.signing.SigningKeyTest.SPEC_ID;
import static dev.webhookoutbox.signing.SigningKeyTest.SPEC_SECRET;
import static dev.webhookoutbox.signing.SigningKeyTest.SPEC_SIGNATURE;
import static dev.webhookoutbox.signing.SigningKeyTest.SPEC_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.signing.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

  static final Instant NOW = Instant.ofEpochSecond(SPEC_TIMESTAMP);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String ID = "0191a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b";
  static final byte[] BODY =
      "{\"id\":\"prediction-42\",\"status\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);

  final WebhookSecret secret = WebhookSecret.generate();
  final Ed25519SigningKey ed25519 = Ed25519SigningKey.generate();

  static WebhookVerifier verifier(String... keys) {
    WebhookVerifier.Builder builder = WebhookVerifier.builder().clock(CLOCK);
    for (String key : keys) {
      builder.key(key);
    }
    return builder.build();
  }

  static Map<String, String> headers(String id, long timestamp, String signature) {
    Map<String, String> headers = new HashMap<>();
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put("webhook-signature", signature);
    return headers;
  }

  Map<String, String> signed(List<? extends SigningKey> keys, long timestamp) {
    return headers(ID, timestamp, WebhookSigner.signatureHeader(ID, timestamp, BODY, keys));
  }

  static AbstractThrowableAssert<?, ?> assertRejected(
      WebhookVerifier verifier, Map<String, String> headers, byte[] body, Reason reason) {
    return assertThatThrownBy(() -> verifier.verify(headers, body))
        .isInstanceOf(WebhookVerificationException.class)
        .satisfies(e -> assertThat(((WebhookVerificationException) e).reason()).isEqualTo(reason));
  }

  @Test
  void specTestVectorVerifies() {
    VerifiedWebhook webhook =
        verifier(SPEC_SECRET).verify(headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_SIGNATURE), SPEC_BODY);

    assertThat(webhook)
        .isEqualTo(new VerifiedWebhook(SPEC_ID, Instant.ofEpochSecond(SPEC_TIMESTAMP), "v1"));
  }

  @Test
  void ed25519ReferenceVectorVerifiesWithThePublicKey() {
    String publicKey = Ed25519SigningKey.parse(SPEC_ED25519_KEY).verifyingKey().asText();

    VerifiedWebhook webhook =
        verifier(publicKey)
            .verify(headers(SPEC_ID, SPEC_TIMESTAMP, SPEC_ED25519_SIGNATURE), SPEC_BODY);

    assertThat(webhook.signatureVersion()).isEqualTo("v1a");
  }

  @Test
  void v1RoundTrip() {
    VerifiedWebhook webhook =
        verifier(secret.asText()).verify(signed(List.of(secret), SPEC_TIMESTAMP), BODY);

    assertThat(webhook.id()).isEqualTo(ID);
    assertThat(webhook.timestamp()).isEqualTo(NOW);
    assertThat(webhook.signatureVersion()).isEqualTo("v1");
  }

  @Test
  void v1aRoundTripWithOnlyThePublicKey() {
    VerifiedWebhook webhook =
        verifier(ed25519.verifyingKey().asText())
            .verify(signed(List.of(ed25519), SPEC_TIMESTAMP), BODY);

    assertThat(webhook.signatureVersion()).isEqualTo("v1a");
  }

  @Test
  void tamperedBodyIsAMismatch() {
    Map<String, String> headers = signed(List.of(secret, ed25519), SPEC_TIMESTAMP);
    byte[] tampered =
        "{\"id\":\"prediction-42\",\"status\":\"failed\"}".getBytes(StandardCharsets.UTF_8);

    assertRejected(verifier(secret.asText()), headers, tampered, Reason.MISMATCH);
    assertRejected(verifier(ed25519.verifyingKey().asText()), headers, tampered, Reason.MISMATCH);
  }

  @Test
  void reSerialisedBodyIsAMismatch() {
    byte[] pretty =
        "{\"id\": \"prediction-42\", \"status\": \"succeeded\"}".getBytes(StandardCharsets.UTF_8);

    assertRejected(
            verifier(secret.asText()),
            signed(List.of(secret), SPEC_TIMESTAMP),
            pretty,
            Reason.MISMATCH)
        .hasMessageContaining("raw body");
  }

  @Test
  void tamperedIdIsAMismatch() {
    Map<String, String> headers = signed(List.of(secret, ed25519), SPEC_TIMESTAMP);
    headers.put("webhook-id", "0191a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7c");

    assertRejected(verifier(secret.asText()), headers, BODY, Reason.MISMATCH);
    assertRejected(verifier(ed25519.verifyingKey().asText()), headers, BODY, Reason.MISMATCH);
  }

  @Test
  void timestampMovedWithinToleranceIsAMismatch() {
    Map<String, String> headers = signed(List.of(secret), SPEC_TIMESTAMP);
    headers.put("webhook-timestamp", Long.toString(SPEC_TIMESTAMP - 60));

    assertRejected(verifier(secret.asText()), headers, BODY, Reason.MISMATCH);
  }

  @Test
  void oldTimestampIsRejectedAsTooOld() {
    long old = SPEC_TIMESTAMP - 301;

    assertRejected(
            verifier(secret.asText()), signed(List.of(secret), old), BODY, Reason.TIMESTAMP_TOO_OLD)
        .hasMessageContaining("301 s in the past")
        .hasMessageContaining("300 s");
  }

  @Test
  void futureTimestampIsRejectedAsInTheFuture() {
    long future = SPEC_TIMESTAMP + 301;

    assertRejected(
            verifier(secret.asText()),
            signed(List.of(secret), future),
            BODY,
            Reason.TIMESTAMP_IN_FUTURE)
        .hasMessageContaining("301 s in the future");
  }

  @Test
  void timestampsAtTheToleranceEitherWayPass() {
    WebhookVerifier verifier = verifier(secret.asText());

    verifier.verify(signed(List.of(secret), SPEC_TIMESTAMP - 300), BODY);
    verifier.verify(signed(List.of(secret), SPEC_TIMESTAMP + 300), BODY);
  }

  @Test
  void toleranceIsConfigurable() {
    Map<String, String> tenMinutesOld = signed(List.of(secret), SPEC_TIMESTAMP - 600);
    WebhookVerifier lenient =
        WebhookVerifier.builder()
            .key(secret)
            .clock(CLOCK)
            .tolerance(Duration.ofMinutes(10))
            .build();
    WebhookVerifier strict =
        WebhookVerifier.builder()
            .key(secret)
            .clock(CLOCK)
            .tolerance(Duration.ofSeconds(30))
            .build();

    assertThat(lenient.verify(tenMinutesOld, BODY).id()).isEqualTo(ID);
    assertRejected(
        strict, signed(List.of(secret), SPEC_TIMESTAMP + 31), BODY, Reason.TIMESTAMP_IN_FUTURE);
    assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongSecretIsAMismatch() {
    WebhookSecret other = WebhookSecret.generate();
    Ed25519SigningKey otherEd25519 = Ed25519SigningKey.generate();
    Map<String, String> headers = signed(List.of(secret, ed25519), SPEC_TIMESTAMP);

    assertRejected(verifier(other.asText()), headers, BODY, Reason.MISMATCH)
        .hasMessageContaining("[v1, v1a]");
    assertRejected(verifier(otherEd25519.verifyingKey().asText()), headers, BODY, Reason.MISMATCH);
  }

  @Test
  void duringRotationAReceiverHoldingEitherSecretVerifies() {
    WebhookSecret oldSecret = WebhookSecret.generate();
    WebhookSecret newSecret = WebhookSecret.generate();
    Map<String, String> headers = signed(List.of(oldSecret, newSecret), SPEC_TIMESTAMP);

    assertThat(headers.get("webhook-signature").split(" ")).hasSize(2);
    verifier(oldSecret.asText()).verify(headers, BODY);
    verifier(newSecret.asText()).verify(headers, BODY);
  }

  @Test
  void aReceiverHoldingBothSecretsVerifiesAfterTheSenderDroppedTheOldOne() {
    WebhookSecret oldSecret = WebhookSecret.generate();
    WebhookSecret newSecret = WebhookSecret.generate();

    verifier(oldSecret.asText(), newSecret.asText())
        .verify(signed(List.of(newSecret), SPEC_TIMESTAMP), BODY);
    assertRejected(
        verifier(oldSecret.asText()),
        signed(List.of(newSecret), SPEC_TIMESTAMP),
        BODY,
        Reason.MISMATCH);
  }

  @Test
  void unknownVersionsAndMalformedEntriesAreSkipped() {
    String valid = secret.sign(ID, SPEC_TIMESTAMP, BODY);
    String header =
        "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= garbage v1a,notbase64!! "
            + valid
            + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    assertThat(verifier(secret.asText()).verify(headers(ID, SPEC_TIMESTAMP, header), BODY).id())
        .isEqualTo(ID);
  }

  @Test
  void missingHeadersAreNamed() {
    for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
      Map<String, String> headers = signed(List.of(secret), SPEC_TIMESTAMP);
      headers.remove(name);

      assertRejected(verifier(secret.asText()), headers, BODY, Reason.MISSING_HEADER)
          .hasMessageContaining(name);
    }
    assertRejected(verifier(secret.asText()), Map.of(), BODY, Reason.MISSING_HEADER)
        .hasMessageContaining("webhook-id, webhook-timestamp, webhook-signature");
    Map<String, String> blank = signed(List.of(secret), SPEC_TIMESTAMP);
    blank.put("webhook-id", " ");
    assertRejected(verifier(secret.asText()), blank, BODY, Reason.MISSING_HEADER);
  }

  @Test
  void malformedTimestampOrSignatureHeaderIsBadFormat() {
    Map<String, String> headers = signed(List.of(secret), SPEC_TIMESTAMP);
    for (String timestamp :
        List.of("abc", "-5", "+1614265330", "1614265330.5", "99999999999999999999")) {
      headers.put("webhook-timestamp", timestamp);
      assertRejected(verifier(secret.asText()), headers, BODY, Reason.BAD_FORMAT)
          .hasMessageContaining("webhook-timestamp");
    }
    for (String signature : List.of("invalid_signature", "v1,", ",abc", "v1")) {
      Map<String, String> bad = headers(ID, SPEC_TIMESTAMP, signature);
      assertRejected(verifier(secret.asText()), bad, BODY, Reason.BAD_FORMAT)
          .hasMessageContaining("webhook-signature");
    }
  }

  @Test
  void wellFormedButInvalidSignatureIsAMismatch() {
    assertRejected(
        verifier(secret.asText()),
        headers(ID, SPEC_TIMESTAMP, "v1,invalid_signature"),
        BODY,
        Reason.MISMATCH);
  }

  @Test
  void v1aSignatureCannotBeCheckedWithASharedSecretAndViceVersa() {
    assertRejected(
            verifier(secret.asText()),
            signed(List.of(ed25519), SPEC_TIMESTAMP),
            BODY,
            Reason.MISMATCH)
        .hasMessageContaining("header has [v1a]")
        .hasMessageContaining("checks [v1]");
    assertRejected(
        verifier(ed25519.verifyingKey().asText()),
        signed(List.of(secret), SPEC_TIMESTAMP),
        BODY,
        Reason.MISMATCH);
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    Map<String, String> headers = new HashMap<>();
    signed(List.of(secret), SPEC_TIMESTAMP)
        .forEach((name, value) -> headers.put(name.toUpperCase(java.util.Locale.ROOT), value));
    headers.put(null, "HTTP/1.1 200 OK"); // HttpURLConnection's status line entry

    assertThat(verifier(secret.asText()).verify(headers, BODY).id()).isEqualTo(ID);
  }

  @Test
  void svixHeaderNamesAreAccepted() {
    Map<String, String> svix = new HashMap<>();
    signed(List.of(secret), SPEC_TIMESTAMP)
        .forEach((name, value) -> svix.put(name.replace("webhook-", "Svix-"), value));

    assertThat(verifier(secret.asText()).verify(svix, BODY).id()).isEqualTo(ID);
  }

  @Test
  void headerLookupFunctionIsAConvenienceForServletsAndHttpHeaders() {
    Map<String, String> headers = signed(List.of(secret), SPEC_TIMESTAMP);

    assertThat(verifier(secret.asText()).verify(headers::get, BODY).id()).isEqualTo(ID);
  }

  @Test
  void mixedKeyVerifierAcceptsEitherKind() {
    WebhookVerifier both = verifier(secret.asText(), ed25519.verifyingKey().asText());

    assertThat(both.verify(signed(List.of(ed25519), SPEC_TIMESTAMP), BODY).signatureVersion())
        .isEqualTo("v1a");
    assertThat(both.verify(signed(List.of(secret), SPEC_TIMESTAMP), BODY).signatureVersion())
        .isEqualTo("v1");
  }

  @Test
  void verifierNeedsAKeyAndNeverShowsOne() {
    assertThatThrownBy(() -> WebhookVerifier.builder().build())
        .isInstanceOf(IllegalStateException.class);
    WebhookVerifier verifier = verifier(secret.asText(), ed25519.verifyingKey().asText());

    assertThat(verifier.toString()).doesNotContain(secret.asText().substring(6)).contains("keys=2");
  }

  @Test
  void rejectionMessagesNeverContainKeysOrSignatures() {
    Map<String, String> headers = signed(List.of(secret, ed25519), SPEC_TIMESTAMP);
    String signatureHeader = headers.get("webhook-signature");
    WebhookSecret other = WebhookSecret.generate();

    assertRejected(verifier(other.asText()), headers, BODY, Reason.MISMATCH)
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain(other.asText().substring(6));
              for (String signature : signatureHeader.split(" ")) {
                assertThat(e.getMessage())
                    .doesNotContain(signature.substring(signature.indexOf(',') + 1));
              }
            });
  }
}
