package dev.webhookoutbox.validation;

import java.util.Arrays;
import java.util.List;

/**
 * The address ranges a webhook must never reach from inside the runner's network: loopback,
 * private, shared (carrier-grade NAT), link-local (cloud metadata), multicast, broadcast, reserved
 * and documentation ranges, and the IPv6 forms that embed an IPv4 address (mapped, translated,
 * NAT64, 6to4), which are judged by the address they embed.
 */
final class SpecialAddresses {

  /**
   * A range and what it is. With {@code embeddedAt >= 0}, the range only marks an IPv6 form that
   * carries an IPv4 address at that byte offset; the verdict is that address's.
   */
  private record Range(Cidr cidr, String label, int embeddedAt) {}

  private static final List<Range> IPV4 =
      List.of(
          range("0.0.0.0/32", "the unspecified address"),
          range("0.0.0.0/8", "in 0.0.0.0/8 (\"this network\")"),
          range("10.0.0.0/8", "a private address (RFC 1918)"),
          range("100.64.0.0/10", "a carrier-grade NAT address (RFC 6598)"),
          range("127.0.0.0/8", "a loopback address"),
          range("169.254.0.0/16", "a link-local address (cloud metadata lives at 169.254.169.254)"),
          range("172.16.0.0/12", "a private address (RFC 1918)"),
          range("192.0.0.0/24", "an IETF protocol assignment (RFC 6890)"),
          range("192.0.2.0/24", "a documentation address (RFC 5737)"),
          range("192.88.99.0/24", "a 6to4 relay anycast address"),
          range("192.168.0.0/16", "a private address (RFC 1918)"),
          range("198.18.0.0/15", "a benchmarking address (RFC 2544)"),
          range("198.51.100.0/24", "a documentation address (RFC 5737)"),
          range("203.0.113.0/24", "a documentation address (RFC 5737)"),
          range("224.0.0.0/4", "a multicast address"),
          range("255.255.255.255/32", "the broadcast address"),
          range("240.0.0.0/4", "a reserved address (240.0.0.0/4)"));

  private static final List<Range> IPV6 =
      List.of(
          range("::/128", "the unspecified address"),
          range("::1/128", "a loopback address"),
          embedding("::ffff:0:0/96", "an IPv4-mapped form", 12),
          embedding("::ffff:0:0:0/96", "an IPv4-translated form", 12),
          range("::/96", "an IPv4-compatible address (deprecated, never routed)"),
          embedding("64:ff9b::/96", "a NAT64 form", 12),
          range("64:ff9b:1::/48", "a local-use NAT64 address (RFC 8215)"),
          range("100::/64", "a discard-only address (RFC 6666)"),
          embedding("2002::/16", "a 6to4 form", 2),
          range("2001::/32", "a Teredo tunnel address"),
          range("2001:2::/48", "a benchmarking address (RFC 5180)"),
          range("2001:db8::/32", "a documentation address (RFC 3849)"),
          range("3fff::/20", "a documentation address (RFC 9637)"),
          range("fc00::/7", "a unique-local address (cloud metadata lives at fd00:ec2::254)"),
          range("fe80::/10", "a link-local address"),
          range("fec0::/10", "a site-local address (deprecated)"),
          range("ff00::/8", "a multicast address"));

  private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");
  private static final Cidr IPV4_MAPPED = Cidr.parse("::ffff:0:0/96");

  private SpecialAddresses() {}

  /**
   * What kind of non-public address this is, e.g. {@code a loopback address}, or {@code null} for a
   * public unicast address.
   */
  static String describe(byte[] address) {
    for (Range range : address.length == 4 ? IPV4 : IPV6) {
      if (!range.cidr().contains(address)) {
        continue;
      }
      if (range.embeddedAt() < 0) {
        return range.label();
      }
      byte[] ipv4 = Arrays.copyOfRange(address, range.embeddedAt(), range.embeddedAt() + 4);
      String inner = describe(ipv4);
      return inner == null
          ? null
          : range.label() + " of " + IpLiterals.format(ipv4) + ", which is " + inner;
    }
    if (address.length == 16 && !GLOBAL_UNICAST.contains(address)) {
      return "a reserved IPv6 address (outside the global unicast range 2000::/3)";
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped IPv6 address, which Java treats as that IPv4 too. */
  static byte[] unmap(byte[] address) {
    if (address.length == 16 && IPV4_MAPPED.contains(address)) {
      return Arrays.copyOfRange(address, 12, 16);
    }
    return address;
  }

  private static Range range(String cidr, String label) {
    return new Range(Cidr.parse(cidr), label, -1);
  }

  private static Range embedding(String cidr, String label, int offset) {
    return new Range(Cidr.parse(cidr), label, offset);
  }
}
