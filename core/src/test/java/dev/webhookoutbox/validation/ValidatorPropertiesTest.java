package dev.webhookoutbox.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.WebhookRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random input never makes the validators throw anything but their documented exception. */
class ValidatorPropertiesTest {

  private static final List<RequestValidator> VALIDATORS =
      List.of(
          RequestValidator.withDefaults(),
          new RequestValidator(
              RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES,
              UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build()),
          new RequestValidator(
              RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES,
              UrlPolicy.builder().allowPlainHttp(true).ssrfGuard(false).build()));

  private static final UrlPolicy GUARD_ONLY = UrlPolicy.builder().allowPlainHttp(true).build();

  private static final List<String> INTERNAL_NETWORKS =
      List.of(
          "127.0.0.0/8",
          "10.0.0.0/8",
          "172.16.0.0/12",
          "192.168.0.0/16",
          "100.64.0.0/10",
          "169.254.0.0/16",
          "0.0.0.0/8",
          "224.0.0.0/4",
          "240.0.0.0/4");

  @Property(tries = 3000)
  void anyStringIsAcceptedOrRefusedAsAnInvalidWebhook(@ForAll String url) {
    checkUrlEverywhere(url);
  }

  @Property(tries = 5000)
  void urlShapedStringsAreAcceptedOrRefusedAsAnInvalidWebhook(@ForAll("urlShaped") String url) {
    checkUrlEverywhere(url);
  }

  @Property(tries = 2000)
  void anyHostIsCheckedOrRefused(@ForAll("hostShaped") String host) {
    try {
      GUARD_ONLY.checkHost(host);
      GUARD_ONLY.checkResolved(host, new InetAddress[] {InetAddress.getByAddress(new byte[4])});
    } catch (UrlRefusedException expected) {
      // the documented outcome
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
  }

  @Property(tries = 2000)
  void anyResolvedAddressIsCheckedOrRefused(@ForAll("rawAddress") byte[] address) throws Exception {
    InetAddress[] resolved = {InetAddress.getByAddress(address)};
    try {
      InetAddress[] checked = UrlPolicy.strict().checkResolved("name.example", resolved);
      assertThat(checked[0].getAddress()).isEqualTo(resolved[0].getAddress());
    } catch (UrlRefusedException expected) {
      // the documented outcome
    }
  }

  @Property(tries = 2000)
  void everySpellingOfAnInternalAddressIsRefused(
      @ForAll("internalIpv4") byte[] address, @ForAll @IntRange(min = 0, max = 5) int style) {
    String host = spell(address, style);
    assertThat(IpLiterals.parseIpv4(host).address()).isEqualTo(address);
    assertThatThrownBy(() -> GUARD_ONLY.checkUrl(URI.create("http://" + host + "/")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Property(tries = 1000)
  void ipv6FormsEmbeddingAnInternalAddressAreRefused(@ForAll("internalIpv4") byte[] address) {
    String dotted = IpLiterals.format(address);
    String hex =
        String.format(
            "%x:%x",
            ((address[0] & 0xff) << 8) | (address[1] & 0xff),
            ((address[2] & 0xff) << 8) | (address[3] & 0xff));
    for (String host :
        List.of(
            "[::ffff:" + dotted + "]",
            "[::ffff:" + hex + "]",
            "[::" + dotted + "]",
            "[64:ff9b::" + dotted + "]",
            "[2002:" + hex + "::1]")) {
      assertThatThrownBy(() -> GUARD_ONLY.checkUrl(URI.create("http://" + host + "/")))
          .as(host)
          .isInstanceOf(UrlRefusedException.class);
    }
  }

  @Property(tries = 2000)
  void ipv6FormattingRoundTripsAndAgreesWithJava(@ForAll @Size(16) byte[] address)
      throws Exception {
    String text = IpLiterals.format(address);
    assertThat(IpLiterals.parseIpv6(text)).isEqualTo(address);
    byte[] java = InetAddress.getByName(text).getAddress(); // a literal: no lookup
    assertThat(SpecialAddresses.unmap(address)).isEqualTo(java);
  }

  @Property(tries = 3000)
  void anyHeadersAreAcceptedOrRefusedAsAnInvalidWebhook(
      @ForAll("headers") Map<String, String> headers) {
    WebhookRequest request =
        new WebhookRequest("https://example.com/", "completed", null, "{}", null, null, headers);
    try {
      VALIDATORS.get(0).validate(request);
    } catch (InvalidWebhookException e) {
      assertThat(e.field()).isEqualTo("headers");
    }
  }

  @Property(tries = 2000)
  void anyRequestFieldsAreAcceptedOrRefusedAsAnInvalidWebhook(
      @ForAll String eventType,
      @ForAll String subject,
      @ForAll String payload,
      @ForAll String dedupeKey,
      @ForAll String secret) {
    WebhookRequest request =
        new WebhookRequest(
            "https://example.com/", eventType, subject, payload, List.of(secret), dedupeKey, null);
    try {
      VALIDATORS.get(0).validate(request);
    } catch (InvalidWebhookException expected) {
      // the documented outcome
    }
  }

  @Property(tries = 3000)
  void utf8LengthAndLoneSurrogatesAgreeWithTheJdkEncoder(@ForAll("utf16") String text) {
    int lone = Utf16.loneSurrogateAt(text);
    boolean encodable = StandardCharsets.UTF_8.newEncoder().canEncode(text);
    assertThat(lone < 0).isEqualTo(encodable);
    if (encodable) {
      assertThat(Utf16.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    } else {
      assertThat(Character.isSurrogate(text.charAt(lone))).isTrue();
      assertThat(Utf16.loneSurrogateAt(text.substring(0, lone))).isEqualTo(-1);
    }
  }

  private static void checkUrlEverywhere(String url) {
    for (RequestValidator validator : VALIDATORS) {
      try {
        URI uri = validator.checkUrl(url);
        assertThat(uri.isAbsolute()).isTrue();
      } catch (InvalidWebhookException expected) {
        // the documented outcome
      }
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return;
    }
    try {
      GUARD_ONLY.checkUrl(uri);
    } catch (UrlRefusedException expected) {
      // the sender's path: the policy alone, on any parseable URI
    }
  }

  @Provide
  Arbitrary<String> utf16() {
    return Arbitraries.strings()
        .withCharRange('\u0000', '\u00ff')
        .withCharRange('\u0700', '\u0900')
        .withCharRange('\ud7f0', '\ue010')
        .withCharRange('\ufff0', '\uffff')
        .ofMaxLength(20);
  }

  @Provide
  Arbitrary<String> urlShaped() {
    Arbitrary<String> scheme =
        Arbitraries.of("http://", "https://", "HTTPS://", "ftp://", "", "http:");
    Arbitrary<String> userInfo = Arbitraries.of("", "", "", "user@", "a:b@", "@");
    Arbitrary<String> host = hostShaped();
    Arbitrary<String> port = Arbitraries.of("", "", ":", ":80", ":0", ":99999", ":-1");
    Arbitrary<String> rest =
        Arbitraries.strings().withChars("/?#=&%a1:[]@.\u00e9 ").ofMaxLength(12);
    return Combinators.combine(scheme, userInfo, host, port, rest)
        .as((s, u, h, p, r) -> s + u + h + p + r);
  }

  @Provide
  Arbitrary<String> hostShaped() {
    Arbitrary<String> random =
        Arbitraries.strings().withChars("0123456789abcdefxX.:[]%_-\u00e4\u0661").ofMaxLength(45);
    Arbitrary<String> ipv4ish =
        Arbitraries.integers()
            .between(0, 4)
            .flatMap(
                n ->
                    Arbitraries.strings()
                        .withChars("0123456789xa")
                        .ofMinLength(1)
                        .ofMaxLength(11)
                        .list()
                        .ofSize(n + 1)
                        .map(parts -> String.join(".", parts)));
    Arbitrary<String> ipv6ish =
        Arbitraries.strings()
            .withChars("0123456789abcdef:.%")
            .ofMaxLength(45)
            .map(s -> "[" + s + "]");
    return Arbitraries.oneOf(random, ipv4ish, ipv6ish);
  }

  @Provide
  Arbitrary<byte[]> rawAddress() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofSize(4),
        Arbitraries.bytes().array(byte[].class).ofSize(16));
  }

  @Provide
  Arbitrary<byte[]> internalIpv4() {
    return Combinators.combine(Arbitraries.of(INTERNAL_NETWORKS), Arbitraries.integers())
        .as(
            (network, random) -> {
              Cidr cidr = Cidr.parse(network);
              long base = toLong(cidr.network());
              long hostMask = (1L << (32 - cidr.prefixLength())) - 1;
              return toBytes(base | (random & hostMask));
            });
  }

  @Provide
  Arbitrary<Map<String, String>> headers() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.strings().withChars("aZ-_:!~ \t\r\n\0\u00e9").ofMaxLength(12),
            Arbitraries.of(HeaderRules.RESERVED).map(n -> n.toUpperCase(java.util.Locale.ROOT)));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(30),
            Arbitraries.strings().withChars("a \t\r\n\0\u007f\u00e9:").ofMaxLength(12),
            Arbitraries.integers().between(4090, 4100).map("v"::repeat));
    return Arbitraries.maps(names, values).ofMaxSize(25);
  }

  /** Writes an IPv4 address in one of the spellings resolvers accept. */
  private static String spell(byte[] address, int style) {
    long value = toLong(address);
    int a = address[0] & 0xff;
    int b = address[1] & 0xff;
    return switch (style) {
      case 0 -> Long.toString(value);
      case 1 -> "0x" + Long.toHexString(value);
      case 2 -> "0" + Long.toOctalString(value);
      case 3 -> a + "." + (value & 0xffffff);
      case 4 -> a + "." + b + "." + (value & 0xffff);
      default -> String.format("0x%x.0%o.%d.0x%02x", a, b, address[2] & 0xff, address[3] & 0xff);
    };
  }

  private static long toLong(byte[] address) {
    return ((address[0] & 0xffL) << 24)
        | ((address[1] & 0xffL) << 16)
        | ((address[2] & 0xffL) << 8)
        | (address[3] & 0xffL);
  }

  private static byte[] toBytes(long value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }
}
