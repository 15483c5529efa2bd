package dev.webhookoutbox.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.signing.SigningKey;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a {@link WebhookRequest} before it is written, so that nothing malformed reaches the
 * table: the URL (absolute, http or https, a host, no credentials, bounded length), the body
 * (well-formed JSON within the size limit), the event type, subject and dedupe key (bounded,
 * printable), and the signing keys ({@link SigningKey#parse} forms: {@code whsec_} or {@code
 * whsk_}).
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
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(500).build())
          .build();

  private final int maxPayloadBytes;

  public RequestValidator(int maxPayloadBytes) {
    if (maxPayloadBytes < 2) {
      throw new IllegalArgumentException(
          "maxPayloadBytes must be at least 2, was " + maxPayloadBytes);
    }
    this.maxPayloadBytes = maxPayloadBytes;
  }

  public static RequestValidator withDefaults() {
    return new RequestValidator(DEFAULT_MAX_PAYLOAD_BYTES);
  }

  /**
   * @throws InvalidWebhookException naming the first field that breaks a rule
   */
  public void validate(WebhookRequest request) {
    validateUrl(request.url());
    validateEventType(request.eventType());
    validateText("subject", request.subject(), MAX_SUBJECT_LENGTH);
    validateText("dedupeKey", request.dedupeKey(), MAX_DEDUPE_KEY_LENGTH);
    validatePayload(request.payload());
    request.signingSecrets().forEach(SigningKey::parse);
  }

  /** Checks the form of a webhook URL; says nothing about where it points. */
  public static URI validateUrl(String url) {
    if (url.isEmpty() || url.length() > MAX_URL_LENGTH) {
      throw new InvalidWebhookException(
          "url", "length must be 1 to " + MAX_URL_LENGTH + " characters, was " + url.length());
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
    if (uri.getRawFragment() != null) {
      throw new InvalidWebhookException("url", "must not have a fragment (#...)");
    }
    return uri;
  }

  private static void validateEventType(String eventType) {
    if (eventType.isEmpty() || eventType.length() > MAX_EVENT_TYPE_LENGTH) {
      throw new InvalidWebhookException(
          "eventType", "length must be 1 to " + MAX_EVENT_TYPE_LENGTH + " characters");
    }
    if (!EVENT_TYPE.matcher(eventType).matches()) {
      throw new InvalidWebhookException(
          "eventType",
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
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        throw new InvalidWebhookException(field, "must not contain control characters");
      }
    }
  }

  private void validatePayload(String payload) {
    // The UTF-8 length is at most 3 bytes per char: only count exactly when it could matter.
    if ((long) payload.length() * 3 > maxPayloadBytes) {
      int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
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
