package dev.webhookoutbox.signing;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** The JDK's built-in Ed25519 (SunEC), reduced to raw 32-byte keys as Standard Webhooks uses. */
final class Ed25519 {

  static final int SEED_BYTES = 32;
  static final int PUBLIC_KEY_BYTES = 32;
  static final int SIGNATURE_BYTES = 64;
  static final String ALGORITHM = "Ed25519";

  /** The fixed X.509 SubjectPublicKeyInfo header of every Ed25519 public key (RFC 8410). */
  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Ed25519() {}

  /** A new key pair as {seed, public key}. */
  static byte[][] generate() {
    return rawPair(generator(new SecureRandom()).generateKeyPair());
  }

  static PrivateKey privateKey(byte[] seed) {
    try {
      return KeyFactory.getInstance(ALGORITHM)
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot build Ed25519 private keys", e);
    }
  }

  static PublicKey publicKey(byte[] raw) {
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + raw.length);
    System.arraycopy(raw, 0, encoded, X509_PREFIX.length, raw.length);
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(encoded));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot build Ed25519 public keys", e);
    }
  }

  /**
   * The public key of a seed. Java 17 has no API for this, but its key pair generator draws exactly
   * the seed from the random source it is given, so a source that returns the seed yields the pair;
   * the check below refuses a JVM whose generator behaves differently.
   */
  static byte[] derivePublicKey(byte[] seed) {
    SecureRandom fixed =
        new SecureRandom() {
          @Override
          public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
          }
        };
    byte[][] pair = rawPair(generator(fixed).generateKeyPair());
    if (!Arrays.equals(pair[0], seed)) {
      throw new IllegalStateException(
          "this JVM's Ed25519 key pair generator did not use the given seed; cannot derive the"
              + " public key");
    }
    return pair[1];
  }

  static byte[] sign(PrivateKey key, byte[] prefix, byte[] body) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initSign(key);
      signature.update(prefix);
      signature.update(body);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  static boolean verify(PublicKey key, byte[] prefix, byte[] body, byte[] signatureBytes) {
    try {
      Signature signature = Signature.getInstance(ALGORITHM);
      signature.initVerify(key);
      signature.update(prefix);
      signature.update(body);
      return signature.verify(signatureBytes);
    } catch (GeneralSecurityException e) {
      // A malformed signature or key is not a match; the caller reports the mismatch.
      return false;
    }
  }

  private static KeyPairGenerator generator(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(NamedParameterSpec.ED25519, random);
      return generator;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519 key pair generator", e);
    }
  }

  private static byte[][] rawPair(KeyPair pair) {
    byte[] seed =
        ((EdECPrivateKey) pair.getPrivate())
            .getBytes()
            .orElseThrow(() -> new IllegalStateException("Ed25519 private key hides its bytes"));
    byte[] encoded = pair.getPublic().getEncoded();
    byte[] raw = Arrays.copyOfRange(encoded, encoded.length - PUBLIC_KEY_BYTES, encoded.length);
    return new byte[][] {seed, raw};
  }
}
