package dev.webhookoutbox.runner.http;

import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.validation.UrlPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves a receiver's host once and hands HttpClient only addresses the {@link UrlPolicy} has
 * checked, so the connection goes to exactly what was checked: there is no second lookup a
 * rebinding DNS server could answer differently. Literal hosts are parsed by the policy, never by
 * the system resolver, and names the policy refuses (such as local names) are never looked up, so a
 * refused host always ends as {@code URL_REFUSED}, never as a temporary DNS error.
 */
final class PolicyDnsResolver implements DnsResolver {

  /** The lookup of a host name; the system resolver unless a test supplies answers. */
  @FunctionalInterface
  interface Lookup {
    InetAddress[] lookup(String host) throws UnknownHostException;
  }

  static final Lookup SYSTEM = InetAddress::getAllByName;

  private final UrlPolicy policy;
  private final Lookup lookup;

  PolicyDnsResolver(UrlPolicy policy, Lookup lookup) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    try {
      Optional<InetAddress> literal = policy.checkHost(host);
      if (literal.isPresent()) {
        return new InetAddress[] {literal.get()};
      }
      return policy.checkResolved(host, lookup.lookup(lookupName(host)));
    } catch (UrlRefusedException e) {
      throw new RefusedHostException(e);
    }
  }

  /**
   * The name to ask the resolver for. Names below {@code localhost} are loopback names (RFC 6761
   * section 6.3), but most system resolvers send them to DNS, which fails: ask for {@code
   * localhost} instead. The policy refuses them unless loopback is allowed.
   */
  private static String lookupName(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".localhost") || lower.endsWith(".localhost.") ? "localhost" : host;
  }

  /** Only used for Kerberos/SPNEGO, which the sender never does: no reverse lookups. */
  @Override
  public String resolveCanonicalHostname(String host) {
    return host;
  }

  /**
   * A refusal on its way through HttpClient, which expects resolvers to throw {@link
   * UnknownHostException}; the cause is the policy's {@link UrlRefusedException}.
   */
  static final class RefusedHostException extends UnknownHostException {

    RefusedHostException(UrlRefusedException cause) {
      super(cause.reason());
      initCause(cause);
    }

    String reason() {
      return ((UrlRefusedException) getCause()).reason();
    }
  }
}
