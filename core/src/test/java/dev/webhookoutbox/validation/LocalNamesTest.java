package dev.webhookoutbox.validation;

import static dev.webhookoutbox.validation.UrlPolicyTest.addresses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.UrlRefusedException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host names that are local by convention: refused by the strict policy without DNS (where DNS
 * often cannot answer them, which used to look like a temporary error), loopback names let in by
 * {@code allowLoopback()} with their addresses still checked, the others only by the allowlist.
 */
class LocalNamesTest {

  private static final UrlPolicy GUARD_ONLY = UrlPolicy.builder().allowPlainHttp(true).build();
  private static final UrlPolicy LOOPBACK =
      UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build();
  private static final RequestValidator ENQUEUE =
      new RequestValidator(RequestValidator.DEFAULT_MAX_PAYLOAD_BYTES, GUARD_ONLY);

  /** Names every host resolves to itself (RFC 6761 and the hosts files of Linux distributions). */
  private static final List<String> LOOPBACK_NAMES =
      List.of(
          "localhost",
          "LOCALHOST.",
          "localhost.localdomain",
          "LocalHost.LocalDomain.",
          "ip6-localhost",
          "ip6-loopback",
          "app.localhost",
          "a.b.localhost.");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost",
        "localhost.",
        "localhost.localdomain",
        "LOCALHOST.LOCALDOMAIN.",
        "ip6-localhost",
        "ip6-loopback",
        "ip6-allnodes",
        "app.localhost",
        "app.localhost.",
        "myhost.localdomain",
        "printer.local",
        "printer.local.",
        "_ipp._tcp.local",
        "router.home.arpa",
        "metadata.google.internal",
        "db.internal",
        "nas.lan",
        "wiki.intranet",
        "hr.corp",
        "files.home",
        "git.private"
      })
  void strictPolicyRefusesNamesThatAreLocalByConvention(String host) {
    String url = "http://" + host + ":8080/hook";
    assertThatThrownBy(() -> GUARD_ONLY.checkUrl(URI.create(url)))
        .as(url)
        .isInstanceOf(UrlRefusedException.class);
    assertThatThrownBy(() -> ENQUEUE.checkUrl(url)).isInstanceOf(UrlRefusedException.class);
    assertThatThrownBy(() -> UrlPolicy.strict().checkUrl(URI.create("https://" + host + "/hook")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void refusalsSayWhatKindOfNameItIs() {
    assertThat(reason("localhost.localdomain")).contains("local machine").contains("allowlist");
    assertThat(reason("ip6-loopback")).contains("local machine");
    assertThat(reason("printer.local")).contains("multicast DNS");
    assertThat(reason("router.home.arpa")).contains("RFC 8375");
    assertThat(reason("db.internal")).contains("private");
    assertThat(reason("nas.lan")).contains("private");
    assertThat(reason("myhost.localdomain")).contains("localdomain");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54", // fullwidth, IDNA maps it
        "%6c%6f%63%61%6c%68%6f%73%74",
        "localhost%2elocaldomain",
        "localhost..",
        "xn--localhost-",
        "localhost.localdomain..",
        "l\u0131calhost.localdomain"
      })
  void disguisedSpellingsAreRefusedAsMalformed(String host) {
    URI url = URI.create("http://" + host + "/");
    assertThatThrownBy(() -> GUARD_ONLY.checkUrl(url)).isInstanceOf(UrlRefusedException.class);
    assertThatThrownBy(() -> LOOPBACK.checkUrl(url)).isInstanceOf(UrlRefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost.example.com",
        "local.example.com",
        "internal.example.com",
        "lan.example.com",
        "example.localhost.com",
        "my-localhost.com",
        "localdomain.example",
        "receiver.test",
        "hooks.example",
        "xn--lcalhost-1ya.com"
      })
  void publicNamesThatOnlyLookLocalAreJudgedByTheirAddresses(String host) {
    assertThatCode(() -> UrlPolicy.strict().checkUrl(URI.create("https://" + host + "/")))
        .as(host)
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> UrlPolicy.strict().checkResolved(host, addresses("127.0.0.1")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void allowLoopbackLetsLoopbackNamesInButStillChecksWhereTheyPoint() {
    for (String host : LOOPBACK_NAMES) {
      assertThatCode(() -> LOOPBACK.checkUrl(URI.create("http://" + host + ":8080/")))
          .as(host)
          .doesNotThrowAnyException();
      assertThat(LOOPBACK.checkResolved(host, addresses("127.0.0.1", "::1"))).hasSize(2);
      assertThatThrownBy(() -> LOOPBACK.checkResolved(host, addresses("10.0.0.1")))
          .as("a hosts file pointing %s elsewhere", host)
          .isInstanceOf(UrlRefusedException.class)
          .hasMessageContaining("10.0.0.1");
    }
  }

  @Test
  void allowLoopbackDoesNotOpenTheLocalNetwork() {
    for (String host :
        List.of(
            "printer.local",
            "myhost.localdomain",
            "db.internal",
            "router.home.arpa",
            "ip6-allnodes",
            "intranet")) {
      assertThatThrownBy(() -> LOOPBACK.checkUrl(URI.create("http://" + host + "/")))
          .as(host)
          .isInstanceOf(UrlRefusedException.class);
    }
  }

  @Test
  void theAllowlistLetsChosenLocalNamesThrough() {
    UrlPolicy office =
        UrlPolicy.builder().allow("printer.local", "*.internal", "localhost.localdomain").build();
    for (String host :
        List.of("printer.local", "hooks.internal", "a.b.internal", "localhost.localdomain")) {
      assertThatCode(() -> office.checkUrl(URI.create("https://" + host + "/")))
          .as(host)
          .doesNotThrowAnyException();
      assertThat(office.checkResolved(host, addresses("192.168.1.20"))).hasSize(1);
    }
    assertThatThrownBy(() -> office.checkUrl(URI.create("https://scanner.local/")))
        .isInstanceOf(UrlRefusedException.class);
  }

  @Test
  void derivedPoliciesKeepTheLoopbackOptIn() {
    UrlPolicy derived = LOOPBACK.toBuilder().allow("10.20.0.0/16").build();
    assertThatCode(() -> derived.checkUrl(URI.create("http://app.localhost/")))
        .doesNotThrowAnyException();
    assertThat(derived.toString()).contains("allowLoopback=true");
  }

  private static String reason(String host) {
    try {
      GUARD_ONLY.checkHost(host);
    } catch (UrlRefusedException e) {
      return e.reason();
    }
    throw new AssertionError("not refused: " + host);
  }
}
