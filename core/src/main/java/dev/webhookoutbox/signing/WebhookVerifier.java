package dev.webhookoutbox.signing;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.signing.WebhookVerificationException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Verifies a received Standard Webhooks delivery: the headers are present and well-formed, the
 * timestamp is within the tolerance of this host's clock (both directions), and at least one of the
 * space-separated signatures in {@code webhook-signature} matches one of the keys ({@code v1}
 * against {@code whsec_} secrets, compared in constant time; {@code v1a} against {@code whpk_}
 * public keys). Signatures of unknown versions are skipped, as the specification asks.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.of(System.getenv("WEBHOOK_SECRET")); // once
 *
 * byte[] body = request.getInputStream().readAllBytes();   // the raw bytes, never re-serialised
 * try {
 *   VerifiedWebhook webhook = verifier.verify(request::getHeader, body);
 *   if (alreadyProcessed(webhook.id())) return 200;         // retries repeat the id
 *   ...
 * } catch (WebhookVerificationException e) {
 *   return 400;                                            // e.reason() says why
 * }
 * }</pre>
 *
 * <p>Headers are looked up by their lower-case names; {@code svix-id}, {@code svix-timestamp} and
 * {@code svix-signature} are read when none of the {@code webhook-} headers is present. The
 * verifier does not remember ids: deduplicating on {@link VerifiedWebhook#id()} is the caller's
 * job. Immutable and thread-safe.
 */
public final class WebhookVerifier {

  /** How far the timestamp may be from this host's clock, either way, unless configured. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final List<String> STANDARD_HEADERS =
      List.of(
          WebhookSigner.HEADER_ID, WebhookSigner.HEADER_TIMESTAMP, WebhookSigner.HEADER_SIGNATURE);
  private static final List<String> SVIX_HEADERS =
      List.of("svix-id", "svix-timestamp", "svix-signature");
  // Up to 15 digits: far beyond any real date, and never overflows a long.
  private static final Pattern UNIX_SECONDS = Pattern.compile("[0-9]{1,15}");
  private static final Pattern PRINTABLE_VERSION = Pattern.compile("[A-Za-z0-9_]{1,10}");

  private final List<VerificationKey> keys;
  private final long toleranceSeconds;
  private final Clock clock;

  private WebhookVerifier(Builder builder) {
    this.keys = List.copyOf(builder.keys);
    this.toleranceSeconds = builder.tolerance.toSeconds();
    this.clock = builder.clock;
  }

  /**
   * A verifier with the default tolerance and the system clock, for these keys ({@code whsec_} or
   * {@code whpk_}).
   *
   * @throws InvalidWebhookException if a key is malformed (the message never echoes it)
   */
  public static WebhookVerifier of(String... keys) {
    Builder builder = builder();
    for (String key : keys) {
      builder.key(key);
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies with headers from a map; names are matched case-insensitively.
   *
   * @param body the request body exactly as received
   * @throws WebhookVerificationException if the webhook must be rejected
   */
  public VerifiedWebhook verify(Map<String, String> headers, byte[] body) {
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, value) -> {
          if (name != null && value != null) {
            byName.putIfAbsent(name, value);
          }
        });
    return verify(byName::get, body);
  }

  /**
   * Verifies with a header lookup, e.g. {@code request::getHeader} of a servlet request or {@code
   * name -> headers.firstValue(name).orElse(null)} for {@code java.net.http.HttpHeaders}. The
   * lookup is called with lower-case names and returns {@code null} for an absent header.
   *
   * @param body the request body exactly as received
   * @throws WebhookVerificationException if the webhook must be rejected
   */
  public VerifiedWebhook verify(Function<String, String> headerLookup, byte[] body) {
    Objects.requireNonNull(body, "body");
    List<String> names = headerNames(headerLookup);
    List<String> values = new ArrayList<>(3);
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      String value = headerLookup.apply(name);
      values.add(value == null ? "" : value.trim());
      if (value == null || value.isBlank()) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new WebhookVerificationException(
          Reason.MISSING_HEADER, "Missing webhook header(s) " + String.join(", ", missing));
    }
    String id = values.get(0);
    long timestamp = parseTimestamp(names.get(1), values.get(1));
    checkFreshness(names.get(1), timestamp);
    List<String[]> signatures = parseSignatures(names.get(2), values.get(2));
    SignedMessage message = new SignedMessage(keys, id, timestamp, body);
    for (String[] signature : signatures) {
      if (message.matches(signature[0], signature[1])) {
        return new VerifiedWebhook(id, Instant.ofEpochSecond(timestamp), signature[0]);
      }
    }
    throw mismatch(signatures);
  }

  private static List<String> headerNames(Function<String, String> lookup) {
    for (String name : STANDARD_HEADERS) {
      if (lookup.apply(name) != null) {
        return STANDARD_HEADERS;
      }
    }
    for (String name : SVIX_HEADERS) {
      if (lookup.apply(name) != null) {
        return SVIX_HEADERS;
      }
    }
    return STANDARD_HEADERS;
  }

  private static long parseTimestamp(String name, String value) {
    if (!UNIX_SECONDS.matcher(value).matches()) {
      throw new WebhookVerificationException(
          Reason.BAD_FORMAT, name + " must be unix seconds (digits only)");
    }
    return Long.parseLong(value);
  }

  private void checkFreshness(String name, long timestamp) {
    long age = clock.instant().getEpochSecond() - timestamp;
    if (age > toleranceSeconds) {
      throw new WebhookVerificationException(
          Reason.TIMESTAMP_TOO_OLD,
          name
              + " is "
              + age
              + " s in the past, more than the tolerance of "
              + toleranceSeconds
              + " s: a replay or a late attempt; if every webhook fails so, check this host's clock");
    }
    if (-age > toleranceSeconds) {
      throw new WebhookVerificationException(
          Reason.TIMESTAMP_IN_FUTURE,
          name
              + " is "
              + -age
              + " s in the future, more than the tolerance of "
              + toleranceSeconds
              + " s: check the clocks of the sender and of this host");
    }
  }

  /** The {@code {version, signature}} entries; malformed entries are skipped like unknown ones. */
  private static List<String[]> parseSignatures(String name, String header) {
    List<String[]> entries = new ArrayList<>();
    for (String entry : header.split(" +")) {
      int comma = entry.indexOf(',');
      if (comma > 0 && comma < entry.length() - 1) {
        entries.add(new String[] {entry.substring(0, comma), entry.substring(comma + 1)});
      }
    }
    if (entries.isEmpty()) {
      throw new WebhookVerificationException(
          Reason.BAD_FORMAT,
          name + " holds no '<version>,<base64 signature>' entry, e.g. 'v1,K5oZ...='");
    }
    return entries;
  }

  private WebhookVerificationException mismatch(List<String[]> signatures) {
    List<String> seen = new ArrayList<>();
    for (String[] signature : signatures) {
      // The version text comes from the sender: only echo it if it is a plain token.
      seen.add(PRINTABLE_VERSION.matcher(signature[0]).matches() ? signature[0] : "?");
    }
    return new WebhookVerificationException(
        Reason.MISMATCH,
        "No signature matches: the header has "
            + seen
            + ", this verifier checks "
            + keyVersions()
            + "; the key is wrong or was rotated away, or the id, timestamp or body was altered"
            + " (verify the raw body bytes, not re-serialised JSON)");
  }

  private List<String> keyVersions() {
    return keys.stream().map(VerificationKey::signatureVersion).distinct().toList();
  }

  @Override
  public String toString() {
    return "WebhookVerifier[keys="
        + keys.size()
        + " "
        + keyVersions()
        + ", tolerance="
        + toleranceSeconds
        + "s]";
  }

  /** Builds a {@link WebhookVerifier}; at least one key is required. */
  public static final class Builder {
    private final List<VerificationKey> keys = new ArrayList<>();
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a key in text form: {@code whsec_} (shared secret) or {@code whpk_} (public key). Add
     * several during a rotation; a webhook passes if any one matches.
     *
     * @throws InvalidWebhookException if the key is malformed (the message never echoes it)
     */
    public Builder key(String key) {
      keys.add(VerificationKey.parse(key));
      return this;
    }

    public Builder key(VerificationKey key) {
      keys.add(Objects.requireNonNull(key, "key"));
      return this;
    }

    /** How far the timestamp may be from the clock, either way; default 5 minutes. */
    public Builder tolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "tolerance");
      if (tolerance.isNegative()) {
        throw new IllegalArgumentException("tolerance must not be negative, was " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /** The clock timestamps are checked against; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public WebhookVerifier build() {
      if (keys.isEmpty()) {
        throw new IllegalStateException("a verifier needs at least one key: call key(...)");
      }
      return new WebhookVerifier(this);
    }
  }
}
