package dev.webhookoutbox.validation;

import dev.webhookoutbox.UrlRefusedException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The spelling rules for hosts in webhook URLs, and how hosts are shown in messages. */
final class HostNames {

  private static final int MAX_HOST_LENGTH = 253;
  private static final int MAX_LABEL_LENGTH = 63;
  private static final int MAX_SHOWN_LENGTH = 100;

  private static final Set<String> LOOPBACK_NAMES =
      Set.of("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback");

  /** A domain whose names only resolve inside a local or private network, and what they are. */
  private record LocalDomain(String name, String kind) {}

  private static final String NEVER_DELEGATED =
      " used on private networks and never delegated in public DNS (RFC 6762, appendix G)";

  private static final List<LocalDomain> LOCAL_DOMAINS =
      List.of(
          new LocalDomain("local", "a multicast DNS name of the local network (.local, RFC 6762)"),
          new LocalDomain(
              "localdomain",
              "a name under .localdomain, which only hosts files and local resolvers answer"),
          new LocalDomain("home.arpa", "a home network name (.home.arpa, RFC 8375)"),
          new LocalDomain(
              "internal", "a private network name (.internal, reserved by ICANN for private use)"),
          new LocalDomain("intranet", "a private network name (.intranet," + NEVER_DELEGATED + ")"),
          new LocalDomain("private", "a private network name (.private," + NEVER_DELEGATED + ")"),
          new LocalDomain("corp", "a private network name (.corp," + NEVER_DELEGATED + ")"),
          new LocalDomain("home", "a private network name (.home," + NEVER_DELEGATED + ")"),
          new LocalDomain("lan", "a private network name (.lan," + NEVER_DELEGATED + ")"));

  private HostNames() {}

  /** Lower case, without the trailing dot of an absolute DNS name (the same host). */
  static String normalize(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
  }

  /** The host for a message: control and non-ASCII characters escaped, long hosts cut. */
  static String show(String host) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < host.length() && out.length() < MAX_SHOWN_LENGTH; i++) {
      char c = host.charAt(i);
      if (c >= 0x21 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.length() < MAX_SHOWN_LENGTH ? out.toString() : out + "...";
  }

  /** The 16 bytes of {@code [v6]} or a bare {@code v6}; zone ids are refused. */
  static byte[] parseIpv6Host(String host, String normalized) {
    String inner = normalized;
    if (inner.startsWith("[")) {
      if (!inner.endsWith("]")) {
        throw new UrlRefusedException("host " + show(host) + " lacks the closing ]");
      }
      inner = inner.substring(1, inner.length() - 1);
    }
    if (inner.indexOf('%') >= 0) {
      throw new UrlRefusedException(
          "host " + show(host) + " has an IPv6 zone id (%...), which is not allowed");
    }
    byte[] address = IpLiterals.parseIpv6(inner);
    if (address == null) {
      throw new UrlRefusedException("host " + show(host) + " is not a valid IPv6 address");
    }
    return address;
  }

  /** The 4 bytes of a host written as four decimal numbers; every other spelling is refused. */
  static byte[] parseIpv4Host(String host, String normalized) {
    IpLiterals.Ipv4 ipv4 = IpLiterals.parseIpv4(normalized);
    if (ipv4 == null) {
      throw new UrlRefusedException(
          "host " + show(host) + " looks like an IPv4 address but is not a valid one");
    }
    if (!ipv4.canonical()) {
      String address = IpLiterals.format(ipv4.address());
      String kind = SpecialAddresses.describe(ipv4.address());
      throw new UrlRefusedException(
          "host "
              + show(host)
              + " is a non-standard spelling of the IPv4 address "
              + address
              + (kind == null ? "" : " (" + kind + ")")
              + "; write IPv4 hosts as four decimal numbers without leading zeros, because"
              + " resolvers read octal, hex and shortened forms differently");
    }
    return ipv4.address();
  }

  /** Letters, digits, {@code -} and {@code _} in dot-separated labels of 1 to 63 characters. */
  static void checkSyntax(String host, String normalized) {
    if (normalized.isEmpty() || normalized.length() > MAX_HOST_LENGTH) {
      throw new UrlRefusedException("host must be 1 to " + MAX_HOST_LENGTH + " characters long");
    }
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!allowed) {
        throw new UrlRefusedException(
            "host "
                + show(host)
                + " contains "
                + show(String.valueOf(c))
                + ", which is not allowed in a host name (write international names in their"
                + " xn-- form)");
      }
    }
    for (String label : normalized.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
        throw new UrlRefusedException(
            "host " + show(host) + " has an empty label or one longer than " + MAX_LABEL_LENGTH);
      }
    }
  }

  /**
   * Refuses names that are local by convention, which DNS either cannot answer (so a lookup fails
   * like a temporary outage) or answers with this machine or the local network: loopback names,
   * names under special-use and private-network domains, and single-label names.
   *
   * @param loopbackAllowed whether loopback names pass (their addresses are still checked)
   */
  static void checkNotLocal(String host, String normalized, String hint, boolean loopbackAllowed) {
    if (isLoopbackName(normalized)) {
      if (loopbackAllowed) {
        return;
      }
      throw new UrlRefusedException("host " + show(host) + " is the local machine" + hint);
    }
    for (LocalDomain domain : LOCAL_DOMAINS) {
      if (normalized.equals(domain.name()) || normalized.endsWith("." + domain.name())) {
        throw new UrlRefusedException("host " + show(host) + " is " + domain.kind() + hint);
      }
    }
    if (normalized.indexOf('.') < 0) {
      throw new UrlRefusedException(
          "host "
              + show(host)
              + " is a single-label name, which resolves through local search domains to internal"
              + " hosts; use a fully qualified name"
              + hint);
    }
  }

  /**
   * Whether a normalized name is this machine: {@code localhost} and every name below it (RFC 6761
   * section 6.3), and the loopback names of Linux hosts files.
   */
  static boolean isLoopbackName(String normalized) {
    return LOOPBACK_NAMES.contains(normalized) || normalized.endsWith(".localhost");
  }

  /** The host part of a URL authority without user-info: {@code [::1]} of {@code [::1]:8080}. */
  static String ofAuthority(String authority) {
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? authority : authority.substring(0, end + 1);
    }
    int colon = authority.lastIndexOf(':');
    return colon < 0 ? authority : authority.substring(0, colon);
  }
}
