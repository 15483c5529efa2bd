package dev.webhookoutbox.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.signing.SigningKey;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks a {@link WebhookRequest} before it is written, so that nothing malformed reaches the
 * table: the URL (absolute, http or https, a host, no credentials, bounded length), the body
 * (well-formed JSON of valid Unicode within the size limit), the event type, subject and dedupe key
 * (bounded, printable), and the signing keys ({@link SigningKey#parse} forms: {@code whsec_} or
 * {@code whsk_}).
 *
 * <p>The URL must also pass the {@link UrlPolicy} (scheme, and hosts that are or spell a refused
 * address; DNS is not consulted at enqueue time). Extra headers need RFC 7230 token names, values
 * of visible ASCII without CR, LF or NUL, at most {@value #MAX_HEADERS} of them, and none may
 * replace a header the library sets (signature, id, timestamp, content type and length, host, user
 * agent) or one that controls the connection.
 *
 * <p>Texts must be valid Unicode: a lone UTF-16 surrogate has no UTF-8 form and would be stored and
 * sent as {@code ?}, so the URL and payload refuse it; event types, header names and values, preset
 * names and keys are ASCII, and subject and dedupe key refuse every surrogate.
 *
 * <pre>{@code
 * RequestValidator validator =
 *     new RequestValidator(RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES, UrlPolicy.strict());
 * validator.validate(request); // throws InvalidWebhookException, or UrlRefusedException for the URL
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestValidator {

  /** Default body limit: 256 KiB. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

  public static final int MAX_URL_LENGTH = 2048;
  public static final int MAX_EVENT_TYPE_LENGTH = 100;
  public static final int MAX_SUBJECT_LENGTH = 200;
  public static final int MAX_DEDUPE_KEY_LENGTH = 200;

  private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
  private static final Pattern PRESET_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(500).build())
          .build();

  /** Extra headers per request: at most this many. */
  public static final int MAX_HEADERS = HeaderRules.MAX_HEADERS;

  private final int maxPayloadBytes;
  private final UrlPolicy urlPolicy;

  /** A validator with the strict {@link UrlPolicy}. */
  public RequestValidator(int maxPayloadBytes) {
    this(maxPayloadBytes, UrlPolicy.strict());
  }

  public RequestValidator(int maxPayloadBytes, UrlPolicy urlPolicy) {
    if (maxPayloadBytes < 2) {
      throw new IllegalArgumentException(
          "maxPayloadBytes must be at least 2, was " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
    this.urlPolicy = Objects.requireNonNull(urlPolicy, "urlPolicy");
  }

  public static RequestValidator withDefaults() {
    return new RequestValidator(DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /**
   * @throws InvalidWebhookException naming the first field that breaks a rule; a {@link
   *     UrlRefusedException} when the URL policy refuses the URL
   */
  public void validate(WebhookRequest request) {
    checkUrl(request.url());
    validateEventType("eventType", request.eventType());
    for (String filtered : request.eventFilter()) {
      validateEventType("eventFilter", filtered);
    }
    if (request.retryPreset() != null && !PRESET_NAME.matcher(request.retryPreset()).matches()) {
      throw new InvalidWebhookException(
          "retryPreset",
          "must be 1 to 40 lower-case letters, digits and . _ - (e.g. terminal-only), was '"
              + request.retryPreset()
              + "'");
    }
    validateText("subject", request.subject(), MAX_SUBJECT_LENGTH);
    validateText("dedupeKey", request.dedupeKey(), MAX_DEDUPE_KEY_LENGTH);
    HeaderRules.validate(request.headers());
    validatePayload(request.payload());
    request.signingSecrets().forEach(SigningKey::parse);
  }

  /**
   * Checks a webhook URL's form and this validator's {@link UrlPolicy#checkUrl URL policy} (without
   * DNS).
   *
   * @return the parsed URL
   * @throws InvalidWebhookException when the URL is malformed, {@link UrlRefusedException} when the
   *     policy refuses it
   */
  public URI checkUrl(String url) {
    URI uri = parseUrl(url);
    urlPolicy.checkUrl(uri);
    return uri;
  }

  /**
   * Checks the form of a webhook URL (absolute, http or https, a host, no credentials); says
   * nothing about where it points. {@link #checkUrl} also applies the URL policy.
   */
  public static URI validateUrl(String url) {
    URI uri = parseUrl(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidWebhookException("url", "scheme must be http or https, was " + scheme);
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidWebhookException("url", "must not carry user-info credentials");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidWebhookException("url", "must name a host");
    }
    return uri;
  }

  private static URI parseUrl(String url) {
    if (url.isEmpty() || url.length() > MAX_URL_LENGTH) {
      throw new InvalidWebhookException(
          "url", "length must be 1 to " + MAX_URL_LENGTH + " characters, was " + url.length());
    }
    int loneSurrogate = Utf16.loneSurrogateAt(url);
    if (loneSurrogate >= 0) {
      // java.net.URI accepts it, but it cannot be stored or percent-encoded as UTF-8.
      throw new InvalidWebhookException("url", "contains " + Utf16.describe(url, loneSurrogate));
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidWebhookException("url", "is not a valid URI: " + e.getReason(), e);
    }
    if (!uri.isAbsolute()) {
      throw new InvalidWebhookException("url", "must be absolute (http:// or https://)");
    }
    if (uri.getRawFragment() != null) {
      throw new InvalidWebhookException("url", "must not have a fragment (#...)");
    }
    return uri;
  }

  private static void validateEventType(String field, String eventType) {
    if (eventType.isEmpty() || eventType.length() > MAX_EVENT_TYPE_LENGTH) {
      throw new InvalidWebhookException(
          field, "length must be 1 to " + MAX_EVENT_TYPE_LENGTH + " characters");
    }
    if (!EVENT_TYPE.matcher(eventType).matches()) {
      throw new InvalidWebhookException(
          field,
          "may only contain letters, digits and . _ : / - (starting with a letter or digit)");
    }
  }

  private static void validateText(String field, String value, int maxLength) {
    if (value == null) {
      return;
    }
    if (value.isEmpty() || value.length() > maxLength) {
      throw new InvalidWebhookException(field, "length must be 1 to " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidWebhookException(field, "must not contain control characters");
      }
      if (Character.isSurrogate(c)) {
        // Pairs too: these are identifiers, compared and shown as they are; keep them in the BMP.
        throw new InvalidWebhookException(
            field,
            "must not contain surrogate characters (U+"
                + String.format("%04X", (int) c)
                + " at index "
                + i
                + "): characters outside the Basic Multilingual Plane, e.g. emoji, or an unpaired"
                + " surrogate with no UTF-8 form");
      }
    }
  }

  private void validatePayload(String payload) {
    // Jackson lets lone surrogates through inside strings: look for them first. This runs in the
    // host's transaction on every enqueue, so neither check encodes the payload.
    int loneSurrogate = Utf16.loneSurrogateAt(payload);
    if (loneSurrogate >= 0) {
      throw new InvalidWebhookException(
          "payload",
          "contains "
              + Utf16.describe(payload, loneSurrogate)
              + "; it would be sent as '?'. Build the JSON from valid Unicode text");
    }
    // The UTF-8 length is at most 3 bytes per char: only count exactly when it could matter.
    if ((long) payload.length() * 3 > maxPayloadBytes) {
      long bytes = Utf16.utf8Length(payload);
      if (bytes > maxPayloadBytes) {
        throw new InvalidWebhookException(
            "payload", "is " + bytes + " bytes, more than the limit of " + maxPayloadBytes);
      }
    }
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() == null) {
        throw new InvalidWebhookException("payload", "is empty; a JSON value is required");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new InvalidWebhookException("payload", "has content after the JSON value");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidWebhookException(
          "payload", "is not well-formed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidWebhookException("payload", "could not be read as JSON", e);
    }
  }
}
