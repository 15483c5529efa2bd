package dev.webhookoutbox.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyTest {

  // The test vector published with the Standard Webhooks reference libraries (and Svix's).
  static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long SPEC_TIMESTAMP = 1614265330;
  static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  // The v1a vector of the reference Go library (webhook_asymmetric_test.go): a 32-byte seed.
  static final String SPEC_ED25519_KEY = "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";
  static final String SPEC_ED25519_SIGNATURE =
      "v1a,tQ9V2XOqn7jL/DQenEFpqIugdBVtiMmER5mhSkXBNwM0mkATuDe6KYYUuxqtaiHeYGb7KaaBRdM5WqyeFiL8Ag==";

  // The example pair from Svix's server README: whsk_ is 64 bytes, seed || public key.
  static final String SVIX_SECRET_KEY =
      "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
  static final String SVIX_PUBLIC_KEY = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";

  @Test
  void specTestVectorSignsToThePublishedSignature() {
    SigningKey key = SigningKey.parse(SPEC_SECRET);

    assertThat(key).isInstanceOf(WebhookSecret.class);
    assertThat(key.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
    assertThat(WebhookSigner.signatureHeader(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, List.of(key)))
        .isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void rustReferenceLibraryVectorSignsToItsSignature() {
    SigningKey key = SigningKey.parse("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD");
    byte[] body =
        "{\"email\":\"test@example.com\",\"username\":\"test_user\"}"
            .getBytes(StandardCharsets.UTF_8);

    assertThat(key.sign("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", 1649367553, body))
        .isEqualTo("v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=");
  }

  @Test
  void ed25519ReferenceVectorSignsToItsV1aSignature() {
    SigningKey key = SigningKey.parse(SPEC_ED25519_KEY);

    assertThat(key).isInstanceOf(Ed25519SigningKey.class);
    assertThat(key.signatureVersion()).isEqualTo("v1a");
    assertThat(key.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).isEqualTo(SPEC_ED25519_SIGNATURE);
  }

  @Test
  void svixSixtyFourByteSecretKeyYieldsItsPublishedPublicKey() {
    Ed25519SigningKey key = Ed25519SigningKey.parse(SVIX_SECRET_KEY);

    assertThat(key.verifyingKey().asText()).isEqualTo(SVIX_PUBLIC_KEY);
    assertThat(key.verifyingKey()).isEqualTo(Ed25519VerifyingKey.parse(SVIX_PUBLIC_KEY));
  }

  @Test
  void thirtyTwoByteFormOfTheSameSeedIsTheSameKey() {
    Ed25519SigningKey full = Ed25519SigningKey.parse(SVIX_SECRET_KEY);
    Ed25519SigningKey seedOnly = Ed25519SigningKey.parse(full.asText());

    assertThat(full.asText()).startsWith("whsk_").hasSize(5 + 44);
    assertThat(seedOnly).isEqualTo(full);
    assertThat(seedOnly.verifyingKey().asText()).isEqualTo(SVIX_PUBLIC_KEY);
  }

  @Test
  void sixtyFourByteKeyWhosePublicHalfDoesNotMatchIsRejected() {
    byte[] bytes = Base64.getDecoder().decode(SVIX_SECRET_KEY.substring(5));
    bytes[63] ^= 1;
    String mismatched = "whsk_" + Base64.getEncoder().encodeToString(bytes);

    assertThatThrownBy(() -> SigningKey.parse(mismatched))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageContaining("not the public key");
  }

  @Test
  void generatedKeysRoundTripThroughTheirTextForm() {
    WebhookSecret secret = WebhookSecret.generate();
    Ed25519SigningKey key = Ed25519SigningKey.generate();

    assertThat(secret.asText()).startsWith("whsec_");
    assertThat(WebhookSecret.parse(secret.asText())).isEqualTo(secret);
    assertThat(secret.keyBytes()).hasSize(32);
    assertThat(SigningKey.parse(key.asText())).isEqualTo(key);
    assertThat(Ed25519SigningKey.parse(key.asText()).verifyingKey()).isEqualTo(key.verifyingKey());
    assertThat(key.verifyingKey().asText()).startsWith("whpk_");
  }

  @Test
  void mixedKeysSignInOrderSpaceSeparated() {
    List<SigningKey> keys =
        List.of(SigningKey.parse(SPEC_SECRET), SigningKey.parse(SPEC_ED25519_KEY));

    assertThat(WebhookSigner.signatureHeader(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY, keys))
        .isEqualTo(SPEC_SIGNATURE + " " + SPEC_ED25519_SIGNATURE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", // bare base64: the prefix is required
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw==!", // not base64
        "whsec_ MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", // whitespace is not trimmed away
        "whsec_c2hvcnQ=", // 5 bytes, under the 24-byte minimum
        "whsk_c2hvcnQ=", // not 32 or 64 bytes
        "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=", // public keys cannot sign
        "enc:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // still encrypted
        "sk_live_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
      })
  void otherFormsAreRejectedWithoutEchoingTheKey(String text) {
    assertThatThrownBy(() -> SigningKey.parse(text))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageStartingWith("signingSecret: ")
        .satisfies(
            e -> {
              String body = text.contains("_") ? text.substring(text.indexOf('_') + 1) : text;
              assertThat(e.getMessage()).doesNotContain(body.strip());
            });
  }

  @Test
  void publicKeyGivenAsSigningKeyGetsAHint() {
    assertThatThrownBy(() -> SigningKey.parse(SVIX_PUBLIC_KEY))
        .hasMessageContaining("can only verify")
        .hasMessageContaining("whsk_");
  }

  @Test
  void verificationKeyParsesSecretsAndPublicKeysAndTheirSecretKeys() {
    assertThat(VerificationKey.parse(SPEC_SECRET)).isEqualTo(WebhookSecret.parse(SPEC_SECRET));
    assertThat(VerificationKey.parse(SVIX_PUBLIC_KEY))
        .isEqualTo(Ed25519VerifyingKey.parse(SVIX_PUBLIC_KEY));
    assertThat(VerificationKey.parse(SVIX_SECRET_KEY))
        .isEqualTo(Ed25519VerifyingKey.parse(SVIX_PUBLIC_KEY));
    assertThatThrownBy(() -> VerificationKey.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageStartingWith("verificationKey: ")
        .hasMessageNotContaining("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    assertThatThrownBy(() -> VerificationKey.parse("whpk_c2hvcnQ="))
        .hasMessageContaining("32 bytes");
  }

  @Test
  void secretsNeverAppearInToString() {
    WebhookSecret secret = WebhookSecret.parse(SPEC_SECRET);
    Ed25519SigningKey key = Ed25519SigningKey.parse(SVIX_SECRET_KEY);

    assertThat(secret.toString()).doesNotContain("MfKQ9r8G").contains("redacted");
    assertThat(key.toString()).doesNotContain("6Xb/dCcH").doesNotContain(key.asText().substring(5));
    assertThat(key.verifyingKey().toString()).contains(SVIX_PUBLIC_KEY);
  }
}
