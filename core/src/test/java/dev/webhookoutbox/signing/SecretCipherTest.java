package dev.webhookoutbox.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

  static final String SECRET =
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=";

  final String key = SecretCipher.generateKey();
  final SecretCipher cipher = SecretCipher.fromBase64Key(key);

  @Test
  void roundTrip() {
    String stored = cipher.encrypt(SECRET);

    assertThat(stored).startsWith("enc:v1:").doesNotContain("MfKQ9r8G");
    assertThat(SecretCipher.isEncrypted(stored)).isTrue();
    assertThat(SecretCipher.isEncrypted(SECRET)).isFalse();
    assertThat(cipher.decrypt(stored)).isEqualTo(SECRET);
    assertThat(SecretCipher.fromBase64Key(key).decrypt(stored)).isEqualTo(SECRET);
  }

  @Test
  void everyEncryptionUsesAFreshNonce() {
    String first = cipher.encrypt(SECRET);
    String second = cipher.encrypt(SECRET);

    assertThat(first).isNotEqualTo(second);
    byte[] a = Base64.getDecoder().decode(first.substring(7));
    byte[] b = Base64.getDecoder().decode(second.substring(7));
    assertThat(a).hasSize(12 + SECRET.length() + 16);
    assertThat(java.util.Arrays.copyOf(a, 12)).isNotEqualTo(java.util.Arrays.copyOf(b, 12));
  }

  @Test
  void anyAlteredByteIsDetected() {
    byte[] stored = Base64.getDecoder().decode(cipher.encrypt(SECRET).substring(7));
    for (int i = 0; i < stored.length; i++) {
      byte[] altered = stored.clone();
      altered[i] ^= 0x01;
      String text = "enc:v1:" + Base64.getEncoder().encodeToString(altered);

      assertThatThrownBy(() -> cipher.decrypt(text))
          .isInstanceOf(SecretCipherException.class)
          .hasMessageContaining("failed authentication");
    }
  }

  @Test
  void wrongKeyIsDetected() {
    String stored = cipher.encrypt(SECRET);
    SecretCipher other = SecretCipher.fromBase64Key(SecretCipher.generateKey());

    assertThatThrownBy(() -> other.decrypt(stored))
        .isInstanceOf(SecretCipherException.class)
        .hasMessageContaining("different key")
        .hasMessageNotContaining(stored.substring(7))
        .hasCauseInstanceOf(javax.crypto.AEADBadTagException.class);
  }

  @Test
  void malformedStoredValuesAreRejected() {
    assertThatThrownBy(() -> cipher.decrypt(SECRET))
        .isInstanceOf(SecretCipherException.class)
        .hasMessageNotContaining("MfKQ9r8G");
    assertThatThrownBy(() -> cipher.decrypt("enc:v2:AAAA"))
        .isInstanceOf(SecretCipherException.class);
    assertThatThrownBy(() -> cipher.decrypt("enc:v1:not base64!"))
        .isInstanceOf(SecretCipherException.class);
    assertThatThrownBy(() -> cipher.decrypt("enc:v1:AAAA")).hasMessageContaining("truncated");
  }

  @Test
  void keysMustBeBase64Of32BytesAndAreNeverEchoed() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> SecretCipher.fromBase64Key(shortKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> SecretCipher.fromBase64Key("correct horse battery staple"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("horse");
    assertThat(Base64.getDecoder().decode(key)).hasSize(32);
  }

  @Test
  void toStringHidesTheKey() {
    assertThat(cipher.toString()).doesNotContain(key).contains("redacted");
  }
}
