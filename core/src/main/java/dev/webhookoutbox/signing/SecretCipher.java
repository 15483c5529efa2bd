package dev.webhookoutbox.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing secrets at rest with AES-256-GCM under a key the operator configures. The stored
 * text is {@code enc:v1:<base64(12-byte random nonce || ciphertext || 16-byte tag)>}, so an
 * encrypted value is recognisable and a plaintext one ({@code whsec_...}) still reads during a
 * migration.
 *
 * <pre>{@code
 * String key = SecretCipher.generateKey();                    // once; keep it in a secret store
 * SecretCipher cipher = SecretCipher.fromBase64Key(System.getenv("WEBHOOK_OUTBOX_SECRET_KEY"));
 * String stored = cipher.encrypt("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"); // "enc:v1:..."
 * String secret = cipher.decrypt(stored);
 * }</pre>
 *
 * <p>GCM authenticates as well as encrypts: a value altered in the database, or decrypted with a
 * different key, fails with {@link SecretCipherException} instead of yielding wrong bytes. Nonces
 * are random, which is safe for far more values than an outbox writes under one key (the usual
 * bound is 2<sup>32</sup>). Without a cipher, secrets are stored as given and the column is as
 * sensitive as a password column. Immutable and thread-safe.
 */
public final class SecretCipher {

  /** The prefix of every value this version writes. */
  public static final String PREFIX = "enc:v1:";

  private static final String ANY_VERSION_PREFIX = "enc:";
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * A cipher for a base64-encoded 32-byte key, e.g. one made by {@link #generateKey()}.
   *
   * @throws IllegalArgumentException if the text is not base64 of exactly 32 bytes (the message
   *     never contains the key)
   */
  public static SecretCipher fromBase64Key(String base64Key) {
    Objects.requireNonNull(base64Key, "base64Key");
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException e) {
      // No cause: the decoder's message quotes a character of the key.
      throw new IllegalArgumentException("the secret encryption key is not valid base64");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the secret encryption key must be 32 bytes (AES-256) in base64, was "
              + key.length
              + " bytes; make one with SecretCipher.generateKey()");
    }
    return new SecretCipher(key);
  }

  /** A new random 32-byte key in base64, for the operator to store and configure. */
  public static String generateKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** Whether a stored value is in an {@code enc:} form (of any version) rather than plaintext. */
  public static boolean isEncrypted(String stored) {
    return stored != null && stored.startsWith(ANY_VERSION_PREFIX);
  }

  /** Encrypts with a fresh random nonce: the same secret encrypts differently every time. */
  public String encrypt(String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] stored =
          ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + Base64.getEncoder().encodeToString(stored);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot encrypt with " + TRANSFORMATION, e);
    }
  }

  /**
   * Decrypts a value written by {@link #encrypt(String)}.
   *
   * @throws SecretCipherException if the value is not {@code enc:v1:}, was altered, or was
   *     encrypted under a different key
   */
  public String decrypt(String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      throw new SecretCipherException(
          "a stored secret is not in the '" + PREFIX + "<base64>' form this version reads");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // No cause: the decoder's message quotes a character of the stored text, which this
      // exception promises never to show.
      throw new SecretCipherException("a stored secret's '" + PREFIX + "' value is not base64");
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretCipherException("a stored secret's '" + PREFIX + "' value is truncated");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      String text = new String(plain, StandardCharsets.UTF_8);
      Arrays.fill(plain, (byte) 0);
      return text;
    } catch (AEADBadTagException e) {
      throw new SecretCipherException(
          "a stored secret failed authentication: it was encrypted with a different key, or"
              + " altered; configure the key that encrypted it",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot decrypt with " + TRANSFORMATION, e);
    }
  }

  @Override
  public String toString() {
    return "SecretCipher[AES-256-GCM, key redacted]";
  }
}
