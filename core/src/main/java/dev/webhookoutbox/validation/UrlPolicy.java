package dev.webhookoutbox.validation;

import dev.webhookoutbox.UrlRefusedException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which webhook URLs may be called. Webhook URLs come from the host app's customers, and the runner
 * sits inside a private network: by default only {@code https} is allowed, and no host may be,
 * spell or resolve to a loopback, private, carrier-grade NAT, link-local (cloud metadata),
 * multicast, broadcast, unspecified or otherwise reserved address, in IPv4 or any IPv6 form that
 * embeds one. An allowlist of host names and networks lets tests and internal receivers through.
 *
 * <pre>{@code
 * UrlPolicy production = UrlPolicy.strict();
 * UrlPolicy tests = UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build();
 * UrlPolicy internal = UrlPolicy.builder().allow("hooks.corp.example", "10.20.0.0/16").build();
 * }</pre>
 *
 * <p>Checks happen in two steps. {@link #checkUrl(URI)} needs no DNS: scheme, credentials, the
 * host's spelling and literal addresses; it runs at enqueue time and before every attempt. {@link
 * #checkResolved(String, InetAddress[])} judges the addresses a name resolved to; the sender
 * connects only to the addresses it returns, so a second, different DNS answer (rebinding) is never
 * used.
 *
 * <p>IPv4 hosts must be written as four decimal numbers: {@code 2130706433}, {@code 0x7f.1}, {@code
 * 0177.0.0.1} or {@code 127.1} are refused whatever they point to, because resolvers read such
 * spellings differently.
 *
 * <p>Names that are local by convention are refused without DNS, which often cannot answer them:
 * {@code localhost} and names below it, {@code localhost.localdomain}, {@code ip6-localhost},
 * {@code ip6-loopback}, names under {@code .local} (multicast DNS), {@code .localdomain}, {@code
 * .home.arpa}, {@code .internal}, {@code .intranet}, {@code .private}, {@code .corp}, {@code .home}
 * and {@code .lan}, and single-label names; in any case and with a trailing dot. Host names must be
 * ASCII ({@code xn--} for international names), so no Unicode spelling of these passes. {@code
 * .test} and {@code .example} names are judged by their addresses like any other (RFC 6761 asks
 * applications not to treat them specially). Immutable and thread-safe.
 */
public final class UrlPolicy {

  private static final UrlPolicy STRICT = builder().build();
  private static final String ALLOWLIST_HINT =
      "; to reach it on purpose (tests, internal receivers) add the host or its network to the"
          + " URL policy's allowlist";

  private final boolean allowPlainHttp;
  private final boolean ssrfGuard;
  private final boolean allowLoopback;
  private final Allowlist allowlist;

  private UrlPolicy(Builder builder) {
    this.allowPlainHttp = builder.allowPlainHttp;
    this.ssrfGuard = builder.ssrfGuard;
    this.allowLoopback = builder.loopback;
    this.allowlist = builder.allowlist;
  }

  /** HTTPS only, SSRF guard on, empty allowlist: the default for production. */
  public static UrlPolicy strict() {
    return STRICT;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's settings, to derive a variant. */
  public Builder toBuilder() {
    Builder builder = new Builder().allowPlainHttp(allowPlainHttp).ssrfGuard(ssrfGuard);
    builder.loopback = allowLoopback;
    builder.allowlist = allowlist;
    return builder;
  }

  /**
   * Checks what can be checked without DNS: an absolute {@code https} (or allowed {@code http}) URL
   * without credentials, whose host is a well-formed name or an allowed literal address.
   *
   * @throws UrlRefusedException saying what is wrong
   */
  public void checkUrl(URI url) {
    if (!url.isAbsolute() || url.isOpaque()) {
      throw new UrlRefusedException("must be an absolute https:// URL with a host");
    }
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http")) {
      if (!allowPlainHttp) {
        throw new UrlRefusedException(
            "plain http is not allowed, use https (plain http can be allowed for development and"
                + " tests)");
      }
    } else if (!scheme.equals("https")) {
      throw new UrlRefusedException("scheme " + scheme + " is not allowed, use https");
    }
    String authority = url.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new UrlRefusedException("must name a host");
    }
    if (url.getRawUserInfo() != null || authority.indexOf('@') >= 0) {
      throw new UrlRefusedException("must not carry user-info credentials (user:password@)");
    }
    // java.net.URI leaves the host null for spellings it cannot parse (127.1, 0x7f.1), while
    // HTTP clients still extract one: judge the host they would use.
    String host = url.getHost() != null ? url.getHost() : HostNames.ofAuthority(authority);
    checkHost(host);
    if (url.getHost() == null) {
      throw new UrlRefusedException("host " + HostNames.show(host) + " is not a valid host name");
    }
  }

  /**
   * Checks a host as it appears in a URL ({@code example.com}, {@code 203.0.113.7}, {@code
   * [2001:db8::1]}).
   *
   * @return the address when the host is a literal (already checked), empty for a name, which must
   *     be resolved and passed to {@link #checkResolved}
   * @throws UrlRefusedException when the host is malformed, ambiguously spelled or not allowed
   */
  public Optional<InetAddress> checkHost(String host) {
    Objects.requireNonNull(host, "host");
    String normalized = host.toLowerCase(Locale.ROOT);
    if (normalized.startsWith("[") || normalized.indexOf(':') >= 0) {
      return Optional.of(checkAddress(host, HostNames.parseIpv6Host(host, normalized)));
    }
    if (normalized.endsWith(".")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    if (IpLiterals.looksLikeIpv4(normalized)) {
      return Optional.of(checkAddress(host, HostNames.parseIpv4Host(host, normalized)));
    }
    HostNames.checkSyntax(host, normalized);
    if (ssrfGuard && !allowlist.allowsName(normalized)) {
      HostNames.checkNotLocal(host, normalized, ALLOWLIST_HINT, allowLoopback);
    }
    return Optional.empty();
  }

  /**
   * Checks every address a host name resolved to. One refused address refuses the host: a name that
   * answers with both public and private addresses is not to be trusted.
   *
   * @param host the host as in the URL
   * @param addresses what the resolver returned for it
   * @return the checked addresses, the only ones the caller may connect to
   * @throws UrlRefusedException naming the first address that is not allowed
   */
  public InetAddress[] checkResolved(String host, InetAddress[] addresses) {
    Optional<InetAddress> literal = checkHost(host);
    if (literal.isPresent()) {
      return new InetAddress[] {literal.get()};
    }
    if (addresses == null || addresses.length == 0) {
      throw new UrlRefusedException("host " + HostNames.show(host) + " resolved to no address");
    }
    if (!ssrfGuard || allowlist.allowsName(HostNames.normalize(host))) {
      return addresses.clone();
    }
    InetAddress[] checked = new InetAddress[addresses.length];
    for (int i = 0; i < addresses.length; i++) {
      byte[] bytes = addresses[i].getAddress();
      String reason = refusalReason(bytes);
      if (reason != null) {
        throw new UrlRefusedException(
            "host "
                + HostNames.show(host)
                + " resolves to "
                + IpLiterals.format(bytes)
                + ", "
                + reason
                + ALLOWLIST_HINT);
      }
      checked[i] = IpLiterals.toInetAddress(host, bytes);
    }
    return checked;
  }

  /** Whether {@code http://} URLs are accepted as well as {@code https://}. */
  public boolean allowsPlainHttp() {
    return allowPlainHttp;
  }

  /** Whether addresses are checked; when off, only scheme, credentials and spelling are. */
  public boolean ssrfGuardEnabled() {
    return ssrfGuard;
  }

  /**
   * The allowlist: host names, {@code *.}wildcards and networks, in a form {@link Builder#allow}
   * reads.
   */
  public List<String> allowlist() {
    return allowlist.entries();
  }

  @Override
  public String toString() {
    return "UrlPolicy[allowPlainHttp="
        + allowPlainHttp
        + ", ssrfGuard="
        + ssrfGuard
        + ", allowLoopback="
        + allowLoopback
        + ", allowlist="
        + allowlist()
        + "]";
  }

  private InetAddress checkAddress(String host, byte[] address) {
    if (ssrfGuard) {
      String reason = refusalReason(address);
      if (reason != null) {
        throw new UrlRefusedException(
            "host " + HostNames.show(host) + " is " + reason + ALLOWLIST_HINT);
      }
    }
    return IpLiterals.toInetAddress(null, address);
  }

  private String refusalReason(byte[] address) {
    return allowlist.allowsAddress(address) ? null : SpecialAddresses.describe(address);
  }

  /**
   * Builds a {@link UrlPolicy}; starts strict (HTTPS only, SSRF guard on, nothing allowlisted).
   * Malformed allowlist entries throw {@link IllegalArgumentException} at once.
   */
  public static final class Builder {
    private boolean allowPlainHttp;
    private boolean ssrfGuard = true;
    private boolean loopback;
    private Allowlist allowlist = Allowlist.EMPTY;

    private Builder() {}

    /** Accepts {@code http://} as well as {@code https://}: for development and tests. */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /**
     * Turns the address checks on (default) or off. Off is only for runners with no private network
     * to protect; schemes, credentials and ambiguous IPv4 spellings are still refused.
     */
    public Builder ssrfGuard(boolean enabled) {
      this.ssrfGuard = enabled;
      return this;
    }

    /**
     * Trusts a host name: whatever it resolves to is allowed. {@code *.corp.example} trusts every
     * name below {@code corp.example} (not {@code corp.example} itself).
     */
    public Builder allowHost(String name) {
      allowlist = allowlist.withHost(name);
      return this;
    }

    /** Trusts a network such as {@code 10.20.0.0/16} or {@code fd12:3456::/48}, or one address. */
    public Builder allowCidr(String cidr) {
      allowlist = allowlist.withCidr(cidr);
      return this;
    }

    /**
     * Adds allowlist entries as read from configuration: each is a network, an address, a host name
     * or a {@code *.} wildcard. Blank entries are skipped.
     */
    public Builder allow(String... entries) {
      return allow(List.of(entries));
    }

    /** As {@link #allow(String...)}. */
    public Builder allow(Collection<String> entries) {
      allowlist = allowlist.with(entries);
      return this;
    }

    /**
     * Lets in loopback receivers, where tests listen: the addresses 127.0.0.0/8 and ::1, and the
     * names that mean this machine ({@code localhost} and every name below it, {@code
     * localhost.localdomain}, {@code ip6-localhost}, {@code ip6-loopback}). Those names must still
     * resolve to allowed addresses. Other local names ({@code .local}, {@code .internal}, {@code
     * .home.arpa}, other names under {@code .localdomain}) stay refused unless allowlisted.
     */
    public Builder allowLoopback() {
      this.loopback = true;
      return allowCidr("127.0.0.0/8").allowCidr("::1/128");
    }

    public UrlPolicy build() {
      return new UrlPolicy(this);
    }
  }
}
