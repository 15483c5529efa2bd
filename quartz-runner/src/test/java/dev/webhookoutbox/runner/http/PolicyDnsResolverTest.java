package dev.webhookoutbox.runner.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.validation.UrlPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PolicyDnsResolverTest {

  private static final PolicyDnsResolver.Lookup NEVER =
      host -> {
        throw new AssertionError("literal hosts must not be looked up: " + host);
      };

  @Test
  void refusesLocalhostThroughTheRealResolver() {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(UrlPolicy.strict(), PolicyDnsResolver.SYSTEM);
    assertThatThrownBy(() -> resolver.resolve("localhost"))
        .isInstanceOf(UnknownHostException.class)
        .isInstanceOf(PolicyDnsResolver.RefusedHostException.class)
        .hasCauseInstanceOf(UrlRefusedException.class)
        .hasMessageContaining("local machine");
  }

  @Test
  void allowlistedLocalhostResolvesThroughTheRealResolverToLoopback() throws Exception {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(
            UrlPolicy.builder().allowLoopback().build(), PolicyDnsResolver.SYSTEM);
    assertThat(resolver.resolve("localhost")).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
  }

  @Test
  void refusesANameThatResolvesToAPrivateAddress() {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(UrlPolicy.strict(), host -> addresses("10.0.0.5"));
    assertThatThrownBy(() -> resolver.resolve("evil.example"))
        .isInstanceOf(PolicyDnsResolver.RefusedHostException.class)
        .hasMessageContaining("evil.example resolves to 10.0.0.5, a private address");
  }

  @Test
  void looksUpOnceAndReturnsExactlyTheCheckedAddresses() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    // A rebinding server: public on the first answer, loopback on every later one.
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(
            UrlPolicy.strict(),
            host ->
                lookups.incrementAndGet() == 1
                    ? addresses("93.184.216.34")
                    : addresses("127.0.0.1"));
    InetAddress[] resolved = resolver.resolve("rebind.example");
    assertThat(resolved).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    assertThat(lookups).hasValue(1);
    assertThatThrownBy(() -> resolver.resolve("rebind.example"))
        .isInstanceOf(PolicyDnsResolver.RefusedHostException.class);
  }

  @Test
  void parsesLiteralHostsItselfWithoutALookup() throws Exception {
    PolicyDnsResolver resolver = new PolicyDnsResolver(UrlPolicy.strict(), NEVER);
    for (String host :
        new String[] {"127.0.0.1", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "::1", "[::]"}) {
      assertThatThrownBy(() -> resolver.resolve(host))
          .as(host)
          .isInstanceOf(PolicyDnsResolver.RefusedHostException.class);
    }
    assertThat(resolver.resolve("93.184.216.34"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.216.34");
    assertThat(resolver.resolve("[2606:4700:4700::1111]")).hasSize(1);
  }

  @Test
  void neverLooksUpCanonicalNames() {
    PolicyDnsResolver resolver = new PolicyDnsResolver(UrlPolicy.strict(), NEVER);
    assertThat(resolver.resolveCanonicalHostname("example.com")).isEqualTo("example.com");
  }

  @Test
  void refusalsAreClassifiedAsUrlRefusedWithTheReason() {
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(UrlPolicy.strict(), host -> addresses("169.254.169.254"));
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(() -> resolver.resolve("meta.example"));
    assertThat(FailureClassifier.classify(failure))
        .isEqualTo(dev.webhookoutbox.spi.AttemptError.URL_REFUSED);
    assertThat(FailureClassifier.describe(failure, ResponseLimits.defaults()))
        .startsWith("host meta.example resolves to 169.254.169.254, a link-local address");
  }

  @Test
  void localNamesAreRefusedBeforeAnyLookupSoADnsFailureIsNeverTemporary() {
    List<String> looked = new ArrayList<>();
    PolicyDnsResolver.Lookup failing =
        host -> {
          looked.add(host);
          throw new UnknownHostException(host + ": Name or service not known");
        };
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(UrlPolicy.builder().allowPlainHttp(true).build(), failing);
    for (String host :
        List.of(
            "localhost.localdomain",
            "ip6-localhost",
            "app.localhost",
            "printer.local",
            "db.internal")) {
      Throwable failure = catchThrowable(() -> resolver.resolve(host));
      assertThat(failure).as(host).isInstanceOf(PolicyDnsResolver.RefusedHostException.class);
      assertThat(FailureClassifier.classify(failure)).as(host).isEqualTo(AttemptError.URL_REFUSED);
      assertThat(AttemptError.URL_REFUSED.isTransient()).isFalse();
    }
    assertThat(looked).isEmpty();
  }

  @Test
  void namesUnderLocalhostAreLoopbackWithoutAskingDns() throws Exception {
    List<String> looked = new ArrayList<>();
    PolicyDnsResolver resolver =
        new PolicyDnsResolver(
            UrlPolicy.builder().allowLoopback().build(),
            host -> {
              looked.add(host);
              if (!host.equals("localhost")) {
                throw new UnknownHostException(host); // as most resolvers answer *.localhost
              }
              return addresses("127.0.0.1", "::1");
            });
    assertThat(resolver.resolve("app.localhost."))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(resolver.resolve("a.b.LOCALHOST")).hasSize(2);
    assertThat(looked).containsOnly("localhost");
  }

  static InetAddress[] addresses(String... literals) throws UnknownHostException {
    InetAddress[] result = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      // Literals only: InetAddress.getByName does no lookup for them.
      result[i] = InetAddress.getByName(literals[i]);
    }
    return result;
  }
}
