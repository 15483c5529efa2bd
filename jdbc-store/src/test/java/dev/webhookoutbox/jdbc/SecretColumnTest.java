package dev.webhookoutbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.signing.SecretCipher;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretColumnTest {

  static final UUID ID = UUID.fromString("0191a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b");
  static final List<String> KEYS =
      List.of(
          "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
          "whsk_VEVTVFNJR05JTkdLRVlET05PVFVTRVRISVNGT1JBTlk=");

  final SecretCipher cipher = SecretCipher.fromBase64Key(SecretCipher.generateKey());

  @Test
  void withoutACipherKeysAreStoredAsGiven() {
    String column = SecretColumn.encode(KEYS, null);

    assertThat(column).isEqualTo(String.join(" ", KEYS));
    assertThat(SecretColumn.decode(column, null, ID)).isEqualTo(KEYS);
    assertThat(SecretColumn.encode(List.of(), cipher)).isNull();
    assertThat(SecretColumn.decode(null, cipher, ID)).isEmpty();
  }

  @Test
  void withACipherTheColumnIsOneEncryptedValue() {
    String column = SecretColumn.encode(KEYS, cipher);

    assertThat(column).startsWith("enc:v1:").doesNotContain("whsec_").doesNotContain(" ");
    assertThat(SecretColumn.decode(column, cipher, ID)).isEqualTo(KEYS);
  }

  @Test
  void plaintextRowsStayReadableOnceACipherIsConfigured() {
    String oldRow = SecretColumn.encode(KEYS, null);

    assertThat(SecretColumn.decode(oldRow, cipher, ID)).isEqualTo(KEYS);
  }

  @Test
  void anUndecryptableColumnIsPassedOnSoOnlyThatAttemptFails() {
    String column = SecretColumn.encode(KEYS, cipher);
    SecretCipher otherKey = SecretCipher.fromBase64Key(SecretCipher.generateKey());

    assertThat(SecretColumn.decode(column, null, ID)).containsExactly(column);
    assertThat(SecretColumn.decode(column, otherKey, ID)).containsExactly(column);
  }
}
