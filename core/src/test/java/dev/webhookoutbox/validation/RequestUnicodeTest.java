package dev.webhookoutbox.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.WebhookRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every text of a request that reaches the wire or the database must be well-formed UTF-16: a lone
 * surrogate has no UTF-8 form, so Java's encoders would silently write {@code ?} instead, and the
 * receiver (and the signature) would see other bytes than were enqueued.
 */
class RequestUnicodeTest {

  private static final String LONE_HIGH = "\uD800";
  private static final String LONE_LOW = "\uDC00";
  private static final String EMOJI = "\uD83D\uDE00"; // a valid surrogate pair: U+1F600

  private final RequestValidator validator = RequestValidator.withDefaults();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":\"\uD800\"}",
        "{\"a\":\"\uDC00\"}",
        "{\"a\":\"x\uDE00\uD83D\"}", // a pair in the wrong order is two lone surrogates
        "{\"a\":\"\uD83D\"}",
        "{\"a\":\"ok\uD83D\uDE00 then \uD800\"}",
        "[\"\uD800\uD800\uDC00\"]"
      })
  void refusesPayloadsWithALoneSurrogate(String payload) {
    assertThatThrownBy(() -> validator.validate(request(payload).build()))
        .isInstanceOf(InvalidWebhookException.class)
        .satisfies(e -> assertThat(((InvalidWebhookException) e).field()).isEqualTo("payload"))
        .hasMessageContaining("surrogate");
  }

  @Test
  void acceptsPayloadsWithValidPairsAndEscapedCodePoints() {
    for (String payload :
        List.of(
            "{\"a\":\"" + EMOJI + "\"}",
            "{\"a\":\"\u00e9\u4e2d\uffff\"}",
            "{\"" + EMOJI + "\":\"x" + EMOJI + EMOJI + "\"}",
            // An escaped surrogate is six ASCII characters: sent as written, byte for byte.
            "{\"a\":\"\\uD800\"}")) {
      assertThatCode(() -> validator.validate(request(payload).build()))
          .as(payload)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void theSizeLimitCountsUtf8BytesOfSupplementaryCharactersExactly() {
    // An emoji is two chars and four UTF-8 bytes: "[]" plus n emoji quoted is 4 + 4n bytes.
    RequestValidator small = new RequestValidator(4 + 4 * 10);
    String ten = "[\"" + EMOJI.repeat(10) + "\"]";
    String eleven = "[\"" + EMOJI.repeat(11) + "\"]";
    assertThatCode(() -> small.validate(request(ten).build())).doesNotThrowAnyException();
    assertThatThrownBy(() -> small.validate(request(eleven).build()))
        .hasMessageContaining("is 48 bytes, more than the limit of 44");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD800", "\uDFFF", "a\uDC00b"})
  void refusesUrlsWithALoneSurrogate(String text) {
    assertThatThrownBy(() -> validator.validate(base("https://example.com/" + text).build()))
        .isInstanceOf(InvalidWebhookException.class)
        .satisfies(e -> assertThat(((InvalidWebhookException) e).field()).isEqualTo("url"));
    assertThatThrownBy(() -> validator.validate(base("https://example.com/?q=" + text).build()))
        .isInstanceOf(InvalidWebhookException.class)
        .satisfies(e -> assertThat(((InvalidWebhookException) e).field()).isEqualTo("url"));
  }

  @Test
  void subjectAndDedupeKeyRefuseLoneSurrogatesAndSayWhy() {
    assertThatThrownBy(() -> validator.validate(base().subject("p-" + LONE_HIGH).build()))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageStartingWith("subject:")
        .hasMessageContaining("surrogate");
    assertThatThrownBy(() -> validator.validate(base().dedupeKey(LONE_LOW + "k").build()))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageStartingWith("dedupeKey:")
        .hasMessageContaining("surrogate");
  }

  @Test
  void eventTypesHeadersPresetsAndKeysRefuseEverySurrogate() {
    for (WebhookRequest request :
        List.of(
            WebhookRequest.builder("https://example.com/", "done" + LONE_HIGH)
                .payload("{}")
                .build(),
            base().eventFilter("done", "x" + EMOJI).build(),
            base().header("X-Token", "v" + LONE_HIGH).build(),
            base().header("X-Token" + LONE_LOW, "v").build(),
            base().header("X-Token", EMOJI).build(),
            base().retryPreset("p" + LONE_HIGH).build(),
            base()
                .signingSecret("whsec_" + LONE_HIGH + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .build())) {
      assertThatThrownBy(() -> validator.validate(request))
          .as(request.toString())
          .isInstanceOf(InvalidWebhookException.class);
    }
  }

  @Test
  void headersOfAHandBuiltRequestAreCheckedToo() {
    WebhookRequest request =
        new WebhookRequest(
            "https://example.com/", "done", null, "{}", null, null, Map.of("X-A", LONE_HIGH));
    assertThatThrownBy(() -> validator.validate(request))
        .isInstanceOf(InvalidWebhookException.class);
  }

  private static WebhookRequest.Builder request(String payload) {
    return WebhookRequest.builder("https://example.com/hooks", "completed").payload(payload);
  }

  private static WebhookRequest.Builder base() {
    return request("{}");
  }

  private static WebhookRequest.Builder base(String url) {
    return WebhookRequest.builder(url, "completed").payload("{}");
  }
}
