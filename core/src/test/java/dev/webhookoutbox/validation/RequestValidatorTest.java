package dev.webhookoutbox.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.WebhookRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

  private final RequestValidator strict = RequestValidator.withDefaults();

  @Test
  void acceptsAnOrdinaryRequestWithExtraHeaders() {
    WebhookRequest request =
        base("https://example.com/hooks?team=7")
            .header("X-Customer-Token", "abc.def ghi")
            .header("Authorization", "Bearer eyJhbGciOi")
            .header("x-empty", "")
            .build();
    assertThatCode(() -> strict.validate(request)).doesNotThrowAnyException();
  }

  @Test
  void refusesPlainHttpAndPrivateHostsAtEnqueueUnlessThePolicyAllowsThem() {
    assertThatThrownBy(() -> strict.validate(base("http://example.com/").build()))
        .isInstanceOf(UrlRefusedException.class);
    assertThatThrownBy(() -> strict.validate(base("https://169.254.169.254/latest").build()))
        .isInstanceOf(UrlRefusedException.class);
    RequestValidator tests =
        new RequestValidator(
            RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES,
            UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build());
    assertThatCode(() -> tests.validate(base("http://127.0.0.1:8080/hook").build()))
        .doesNotThrowAnyException();
  }

  @Test
  void malformedUrlsAreStillInvalidRatherThanRefused() {
    assertThatThrownBy(() -> strict.checkUrl("not a url"))
        .isInstanceOf(InvalidWebhookException.class)
        .isNotInstanceOf(UrlRefusedException.class);
    assertThatThrownBy(() -> strict.checkUrl("https://example.com/#frag"))
        .hasMessageContaining("fragment");
    assertThatThrownBy(() -> strict.checkUrl("https://example.com/" + "a".repeat(2100)))
        .hasMessageContaining("length");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "webhook-id",
        "Webhook-Timestamp",
        "WEBHOOK-SIGNATURE",
        "Content-Type",
        "content-length",
        "Host",
        "User-Agent",
        "Transfer-Encoding",
        "Connection",
        "Keep-Alive",
        "Upgrade",
        "Expect",
        "TE"
      })
  void refusesHeadersTheLibrarySetsOrThatControlTheConnection(String name) {
    assertThatThrownBy(() -> strict.validate(base().header(name, "x").build()))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageStartingWith("headers: " + name + " is set by the library");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x\r\nHost: evil.example",
        "x\nX-Injected: 1",
        "x\rY",
        "nul\0byte",
        "bell\u0007",
        "del\u007f",
        "caf\u00e9",
        " leading",
        "trailing\t"
      })
  void refusesUnsafeValues(String value) {
    assertThatThrownBy(() -> strict.validate(base().header("X-Token", value).build()))
        .isInstanceOf(InvalidWebhookException.class)
        .satisfies(e -> assertThat(((InvalidWebhookException) e).field()).isEqualTo("headers"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "X Token", "X:Token", "X-Token\r\n", "caf\u00e9", "(comment)", "a/b"})
  void refusesNamesThatAreNoTokens(String name) {
    assertThatThrownBy(() -> strict.validate(base().header(name, "v").build()))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageStartingWith("headers: ");
  }

  @Test
  void boundsCountAndLength() {
    WebhookRequest.Builder many = base();
    for (int i = 0; i <= RequestValidator.MAX_HEADERS; i++) {
      many.header("X-H" + i, "v");
    }
    assertThatThrownBy(() -> strict.validate(many.build())).hasMessageContaining("at most 20");
    assertThatThrownBy(() -> strict.validate(base().header("X-" + "n".repeat(100), "v").build()))
        .isInstanceOf(InvalidWebhookException.class);
    assertThatThrownBy(() -> strict.validate(base().header("X-Long", "v".repeat(4097)).build()))
        .hasMessageContaining("longer than 4096");
    assertThatCode(() -> strict.validate(base().header("X-Long", "v".repeat(4096)).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesTheSameNameTwiceInDifferentCase() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Tenant", "a");
    headers.put("x-tenant", "b");
    assertThatThrownBy(() -> strict.validate(withHeaders(headers)))
        .hasMessageContaining("given twice");
  }

  @Test
  void refusesNullNamesAndValuesInAHandBuiltMap() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("X-Token", null);
    assertThatThrownBy(() -> strict.validate(withHeaders(nullValue)))
        .isInstanceOf(InvalidWebhookException.class);
    Map<String, String> nullName = new HashMap<>();
    nullName.put(null, "v");
    assertThatThrownBy(() -> strict.validate(withHeaders(nullName)))
        .isInstanceOf(InvalidWebhookException.class);
  }

  @Test
  void everyReservedNameIsLowerCase() {
    assertThat(HeaderRules.RESERVED)
        .allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT)));
  }

  private static WebhookRequest.Builder base() {
    return base("https://example.com/hook");
  }

  private static WebhookRequest.Builder base(String url) {
    return WebhookRequest.builder(url, "completed").subject("prediction-42").payload("{\"a\":1}");
  }

  private static WebhookRequest withHeaders(Map<String, String> headers) {
    return new WebhookRequest(
        "https://example.com/hook", "completed", null, "{}", null, null, headers);
  }
}
