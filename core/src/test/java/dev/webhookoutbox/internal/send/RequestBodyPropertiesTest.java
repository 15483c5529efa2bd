package dev.webhookoutbox.internal.send;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.validation.RequestValidator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The bytes sent are the bytes enqueued: for every payload the validator accepts, the POST body is
 * exactly the payload's UTF-8 encoding (which exists), and decodes back to the payload. Payloads
 * are well-formed JSON whose strings hold any mix of ASCII, other BMP characters, valid surrogate
 * pairs and lone surrogates.
 */
class RequestBodyPropertiesTest {

  private static final RequestValidator VALIDATOR = RequestValidator.withDefaults();
  private static final Instant ATTEMPT = Instant.parse("2025-06-01T12:00:00Z");

  @Property(tries = 3000)
  void everyAcceptedPayloadIsSentAsItsExactUtf8Bytes(@ForAll("jsonPayloads") String payload) {
    boolean accepted = accepts(payload);
    byte[] strict = strictUtf8(payload);
    Statistics.collect(accepted ? "accepted" : "refused");
    Statistics.coverage(
        checker -> {
          checker.check("accepted").percentage(p -> p > 20);
          checker.check("refused").percentage(p -> p > 5);
        });
    assertThat(accepted)
        .as("accepted exactly when the payload has a UTF-8 form")
        .isEqualTo(strict != null);
    if (!accepted) {
      return;
    }
    OutgoingRequest request = RequestFactory.build(delivery(payload), ATTEMPT);
    assertThat(request.body()).isEqualTo(strict);
    assertThat(strictDecode(request.body())).isEqualTo(payload);
  }

  private static boolean accepts(String payload) {
    try {
      VALIDATOR.validate(
          WebhookRequest.builder("https://example.com/hooks", "completed")
              .payload(payload)
              .build());
      return true;
    } catch (InvalidWebhookException e) {
      assertThat(e.field()).isEqualTo("payload");
      return false;
    }
  }

  private static ClaimedDelivery delivery(String payload) {
    return new ClaimedDelivery(
        UUID.fromString("0191a3c4-5d6e-7f80-9a1b-2c3d4e5f6a7b"),
        "https://example.com/hooks",
        "completed",
        null,
        payload,
        List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        0,
        ATTEMPT.minusSeconds(5),
        Map.of());
  }

  /** The UTF-8 bytes of {@code text}, or {@code null} when it has none (a lone surrogate). */
  private static byte[] strictUtf8(String text) {
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(text));
      return Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String strictDecode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new AssertionError("the body is not valid UTF-8", e);
    }
  }

  @Provide
  Arbitrary<String> jsonPayloads() {
    Arbitrary<String> text =
        jsonStringContent().list().ofMaxSize(12).map(parts -> String.join("", parts));
    return text.list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            values -> {
              StringBuilder json = new StringBuilder("{");
              for (int i = 0; i < values.size(); i++) {
                json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"");
                json.append(values.get(i)).append('"');
              }
              return json.append('}').toString();
            });
  }

  /** Pieces of a JSON string literal: raw characters, and escapes where JSON requires them. */
  private static Arbitrary<String> jsonStringContent() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            10,
            Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMaxLength(8)),
        Tuple.of(4, Arbitraries.chars().range('\u0080', '\uD7FF').map(String::valueOf)),
        Tuple.of(2, Arbitraries.chars().range('\uE000', '\uFFFF').map(String::valueOf)),
        Tuple.of(
            4,
            Arbitraries.integers()
                .between(0x10000, Character.MAX_CODE_POINT)
                .map(Character::toString)),
        Tuple.of(1, Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf)),
        Tuple.of(1, Arbitraries.of("\\\"", "\\\\", "\\n", "\\u00e9", "\\uD800")));
  }
}
