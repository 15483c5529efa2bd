package dev.webhookoutbox.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.UrlRefusedException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

  /** Plain http allowed, so that every refusal below is about the host, not the scheme. */
  private static final UrlPolicy GUARD_ONLY = UrlPolicy.builder().allowPlainHttp(true).build();

  private static final RequestValidator ENQUEUE =
      new RequestValidator(RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES, GUARD_ONLY);

  static Stream<String> hostileUrls() {
    return Stream.of(
        // loopback, by name, address and every spelling
        "http://127.0.0.1/",
        "http://127.0.0.1:8080/hook",
        "http://127.255.255.254/",
        "http://localhost/",
        "http://LOCALHOST:80/",
        "http://foo.localhost/",
        "http://127.0.0.1./",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://0x7f000001/",
        "http://0x7f.0x0.0x0.0x1/",
        "http://017700000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://127.0.1/",
        "http://[::1]/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[::127.0.0.1]/",
        "http://[::ffff:0:127.0.0.1]/",
        "http://[64:ff9b::127.0.0.1]/",
        "http://[2002:7f00:1::]/",
        // unspecified, this network, broadcast, reserved
        "http://0.0.0.0/",
        "http://0/",
        "http://0.1.2.3/",
        "http://[::]/",
        "http://255.255.255.255/",
        "http://240.0.0.1/",
        // private, carrier-grade NAT, benchmarking
        "http://10.0.0.1/",
        "http://10.255.255.255/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://100.127.255.254/",
        "http://198.18.0.1/",
        "http://[::ffff:10.0.0.1]/",
        "http://[::ffff:192.168.0.1]/",
        // link-local and cloud metadata
        "http://169.254.169.254/latest",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://2852039166/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[fd00:ec2::254]/",
        "http://[fe80::1]/",
        "http://[fe80::1%25eth0]/",
        "http://[fec0::1]/",
        // unique-local, multicast, Teredo, NAT64 local-use
        "http://[fc00::1]/",
        "http://[fdff:ffff::1]/",
        "http://224.0.0.1/",
        "http://239.255.255.250:1900/",
        "http://[ff02::1]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "http://[64:ff9b:1::1]/",
        // malformed or disguised hosts
        "http://1.2.3.4.5/",
        "http://256.0.0.1/",
        "http://%31%32%37.0.0.1/",
        "http://ex\u00e4mple.com/",
        "http://intranet/",
        // credentials
        "http://user:pass@example.com/",
        "http://example.com@127.0.0.1/",
        "http://user@0x7f.1/");
  }

  static Stream<String> wrongSchemes() {
    return Stream.of(
        "ftp://example.com/file",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "gopher://example.com:70/_stats",
        "dict://example.com:11211/stat",
        "ws://example.com/socket",
        "javascript:alert(1)",
        "data:text/plain,hello",
        "mailto:ops@example.com",
        "http:example.com",
        "http://example.com/");
  }

  @ParameterizedTest
  @MethodSource("hostileUrls")
  void refusesHostileHostsEvenWithPlainHttpAllowed(String url) {
    assertThatThrownBy(() -> GUARD_ONLY.checkUrl(URI.create(url)))
        .isInstanceOf(UrlRefusedException.class)
        .satisfies(e -> assertThat(((UrlRefusedException) e).reason()).doesNotContain("http"));
    assertThatThrownBy(() -> ENQUEUE.checkUrl(url)).isInstanceOf(UrlRefusedException.class);
  }

  @ParameterizedTest
  @MethodSource("hostileUrls")
  void refusesHostileHostsOverHttpsToo(String url) {
    String https = "https" + url.substring("http".length());
    assertThatThrownBy(() -> UrlPolicy.strict().checkUrl(URI.create(https)))
        .isInstanceOf(UrlRefusedException.class);
  }

  @ParameterizedTest
  @MethodSource("wrongSchemes")
  void refusesEverySchemeButHttps(String url) {
    assertThatThrownBy(() -> UrlPolicy.strict().checkUrl(URI.create(url)))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void corpusIsLargeEnough() {
    assertThat(hostileUrls().count() + wrongSchemes().count()).isGreaterThanOrEqualTo(40);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://example.com/hook",
        "https://example.com:8443/hooks?team=7&x=%20y",
        "https://hooks.example.co.uk./in",
        "https://sub-domain.example.com/path",
        "https://under_score.example.com/",
        "https://xn--exmple-cua.com/",
        "https://93.184.216.34/",
        "https://8.8.8.8:443/",
        "https://1.1.1.1/",
        "https://[2606:4700:4700::1111]/dns-query",
        "https://[2a00:1450:4001:82b::200e]/",
        "https://[::ffff:8.8.8.8]/",
        "HTTPS://EXAMPLE.COM/UPPER"
      })
  void acceptsPublicHostsOverHttps(String url) {
    URI uri = URI.create(url);
    if (uri.getHost() == null) {
      // java.net.URI cannot parse underscores; such hosts are refused as not valid host names.
      assertThatThrownBy(() -> UrlPolicy.strict().checkUrl(uri))
          .isInstanceOf(UrlRefusedException.class);
      return;
    }
    assertThatCode(() -> UrlPolicy.strict().checkUrl(uri)).doesNotThrowAnyException();
  }

  @Test
  void plainHttpNeedsAnOptIn() {
    URI url = URI.create("http://example.com/hook");
    assertThatThrownBy(() -> UrlPolicy.strict().checkUrl(url))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("plain http is not allowed");
    assertThatCode(() -> GUARD_ONLY.checkUrl(url)).doesNotThrowAnyException();
  }

  @Test
  void reasonsSayWhatTheHostIs() {
    assertThat(reasonFor("http://127.0.0.1/")).contains("loopback").contains("allowlist");
    assertThat(reasonFor("http://10.0.0.1/")).contains("private address (RFC 1918)");
    assertThat(reasonFor("http://100.64.0.1/")).contains("carrier-grade NAT");
    assertThat(reasonFor("http://169.254.169.254/latest")).contains("link-local");
    assertThat(reasonFor("http://[fd00:ec2::254]/")).contains("unique-local");
    assertThat(reasonFor("http://[::ffff:127.0.0.1]/"))
        .contains("IPv4-mapped form of 127.0.0.1, which is a loopback address");
    assertThat(reasonFor("http://0x7f.1/"))
        .contains("non-standard spelling of the IPv4 address 127.0.0.1 (a loopback address)");
    assertThat(reasonFor("http://2130706433/")).contains("127.0.0.1");
    assertThat(reasonFor("http://0177.0.0.1/")).contains("127.0.0.1");
    assertThat(reasonFor("http://[fe80::1%25eth0]/")).contains("zone id");
    assertThat(reasonFor("http://user:pass@example.com/")).contains("credentials");
    assertThat(reasonFor("http://user:s3cr3t@example.com/")).doesNotContain("s3cr3t");
  }

  @Test
  void refusedUrlIsAnInvalidWebhookForTheUrlField() {
    assertThatThrownBy(() -> ENQUEUE.checkUrl("http://10.0.0.1/"))
        .isInstanceOf(InvalidWebhookException.class)
        .satisfies(e -> assertThat(((InvalidWebhookException) e).field()).isEqualTo("url"))
        .hasMessageStartingWith("url: refused: host 10.0.0.1 is a private address");
  }

  @Test
  void nameResolvingToAPrivateAddressIsRefused() {
    assertThatThrownBy(
            () -> UrlPolicy.strict().checkResolved("evil.example", addresses("10.0.0.5")))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("host evil.example resolves to 10.0.0.5, a private address");
  }

  @Test
  void oneBadAddressAmongGoodOnesRefusesTheName() {
    assertThatThrownBy(
            () ->
                UrlPolicy.strict()
                    .checkResolved("rebind.example", addresses("93.184.216.34", "127.0.0.1")))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("127.0.0.1, a loopback address");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "169.254.169.254",
        "fd00:ec2::254",
        "::ffff:169.254.169.254",
        "::1",
        "fe80::1",
        "0.0.0.0",
        "::",
        "224.0.0.251",
        "100.100.100.200",
        "64:ff9b::10.0.0.1"
      })
  void namesResolvingToSpecialAddressesAreRefused(String address) {
    assertThatThrownBy(() -> UrlPolicy.strict().checkResolved("name.example", addresses(address)))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void namesResolvingToPublicAddressesPassWithExactlyThoseAddresses() throws Exception {
    InetAddress[] resolved = addresses("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");
    InetAddress[] checked = UrlPolicy.strict().checkResolved("example.com", resolved);
    assertThat(checked)
        .extracting(InetAddress::getAddress)
        .containsExactly(resolved[0].getAddress(), resolved[1].getAddress());
    assertThat(checked[0].getHostName()).isEqualTo("example.com");
  }

  @Test
  void resolvedAddressesAreIgnoredForLiteralHosts() {
    InetAddress[] checked =
        UrlPolicy.strict().checkResolved("93.184.216.34", addresses("10.0.0.1"));
    assertThat(checked).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    assertThatThrownBy(() -> UrlPolicy.strict().checkResolved("10.0.0.1", addresses("8.8.8.8")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void aNameWithoutAddressesIsRefused() {
    assertThatThrownBy(() -> UrlPolicy.strict().checkResolved("example.com", new InetAddress[0]))
        .isInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("no address");
  }

  @Test
  void checkHostReturnsTheLiteralAddress() {
    assertThat(UrlPolicy.strict().checkHost("[2606:4700:4700::1111]"))
        .get()
        .extracting(InetAddress::getHostAddress)
        .isEqualTo("2606:4700:4700:0:0:0:0:1111");
    assertThat(UrlPolicy.strict().checkHost("8.8.8.8"))
        .get()
        .extracting(InetAddress::getHostAddress)
        .isEqualTo("8.8.8.8");
    assertThat(UrlPolicy.strict().checkHost("example.com")).isEmpty();
  }

  @Test
  void allowlistedLoopbackPasses() {
    UrlPolicy tests = UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build();
    for (String url :
        List.of(
            "http://127.0.0.1:8080/hook",
            "http://[::1]:8080/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:8080/")) {
      assertThatCode(() -> tests.checkUrl(URI.create(url))).as(url).doesNotThrowAnyException();
    }
    assertThat(tests.checkResolved("localhost", addresses("127.0.0.1"))).hasSize(1);
    // Spelling rules hold even for allowlisted addresses, and other ranges stay closed.
    assertThatThrownBy(() -> tests.checkUrl(URI.create("http://127.1/")))
        .isInstanceOf(UrlRefusedException.class);
    assertThatThrownBy(() -> tests.checkUrl(URI.create("http://10.0.0.1/")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void allowlistedNetworksAndNamesLetInternalReceiversThrough() {
    UrlPolicy internal =
        UrlPolicy.builder()
            .allow("10.20.0.0/16", " hooks.corp.example ", "", "*.svc.example")
            .build();
    assertThat(internal.checkResolved("any.example", addresses("10.20.3.4"))).hasSize(1);
    assertThatThrownBy(() -> internal.checkResolved("any.example", addresses("10.21.0.1")))
        .isInstanceOf(UrlRefusedException.class);
    assertThat(internal.checkResolved("hooks.corp.example", addresses("192.168.7.7"))).hasSize(1);
    assertThat(internal.checkResolved("a.b.svc.example", addresses("172.16.0.9"))).hasSize(1);
    assertThatThrownBy(() -> internal.checkResolved("svc.example", addresses("172.16.0.9")))
        .isInstanceOf(UrlRefusedException.class);
    assertThatCode(() -> internal.checkUrl(URI.create("https://10.20.0.1/")))
        .doesNotThrowAnyException();
    assertThat(internal.allowlist())
        .containsExactlyInAnyOrder("hooks.corp.example", "*.svc.example", "10.20.0.0/16");
  }

  @Test
  void ipv6NetworksCanBeAllowlisted() {
    UrlPolicy policy = UrlPolicy.builder().allowCidr("fd12:3456::/32").build();
    assertThatCode(() -> policy.checkUrl(URI.create("https://[fd12:3456:1::9]/")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> policy.checkUrl(URI.create("https://[fd12:3457::9]/")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void withoutTheGuardOnlySchemeCredentialsAndSpellingAreChecked() {
    UrlPolicy open = UrlPolicy.builder().ssrfGuard(false).build();
    assertThatCode(() -> open.checkUrl(URI.create("https://10.0.0.1/"))).doesNotThrowAnyException();
    assertThatCode(() -> open.checkUrl(URI.create("https://intranet/"))).doesNotThrowAnyException();
    assertThat(open.checkResolved("intranet", addresses("10.0.0.1"))).hasSize(1);
    assertThatThrownBy(() -> open.checkUrl(URI.create("https://0x7f.1/")))
        .isInstanceOf(UrlRefusedException.class);
    assertThatThrownBy(() -> open.checkUrl(URI.create("http://10.0.0.1/")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void builderRefusesMalformedEntriesAtOnce() {
    assertThatThrownBy(() -> UrlPolicy.builder().allowCidr("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlPolicy.builder().allowCidr("010.0.0.0/8"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlPolicy.builder().allowCidr("not-a-network"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlPolicy.builder().allowCidr("::1/129"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UrlPolicy.builder().allowHost("10.0.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowCidr");
    assertThatThrownBy(() -> UrlPolicy.builder().allowHost("bad host"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toBuilderDerivesVariants() {
    UrlPolicy base = UrlPolicy.builder().allow("10.0.0.0/8").build();
    UrlPolicy dev = base.toBuilder().allowPlainHttp(true).build();
    assertThat(dev.allowsPlainHttp()).isTrue();
    assertThat(dev.allowlist()).containsExactly("10.0.0.0/8");
    assertThat(base.allowsPlainHttp()).isFalse();
    assertThat(UrlPolicy.strict().ssrfGuardEnabled()).isTrue();
  }

  private static String reasonFor(String url) {
    try {
      GUARD_ONLY.checkUrl(URI.create(url));
    } catch (UrlRefusedException e) {
      return e.reason();
    }
    throw new AssertionError("not refused: " + url);
  }

  static InetAddress[] addresses(String... literals) {
    InetAddress[] result = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      byte[] bytes = Cidr.parseAddress(literals[i]);
      try {
        result[i] = InetAddress.getByAddress(bytes);
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
    return result;
  }
}
