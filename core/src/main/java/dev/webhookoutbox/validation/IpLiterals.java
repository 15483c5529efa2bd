package dev.webhookoutbox.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals by hand instead of through {@link java.net.InetAddress}: resolvers
 * disagree about spellings such as {@code 0177.0.0.1} (octal 127.0.0.1 for {@code inet_aton}, but
 * decimal 177.0.0.1 for Java), so the policy must know every reading a resolver might pick.
 */
final class IpLiterals {

  /**
   * An IPv4 host as written.
   *
   * @param address the four bytes, as {@code inet_aton} and WHATWG URL parsers read the host
   * @param canonical whether it was written as four decimal numbers without leading zeros, the only
   *     spelling that every parser reads the same way
   */
  record Ipv4(byte[] address, boolean canonical) {}

  private IpLiterals() {}

  /**
   * Whether a resolver would treat the host as an IPv4 number rather than a name: its last label is
   * a decimal or {@code 0x} hex number (the WHATWG URL rule; {@code inet_aton} agrees).
   */
  static boolean looksLikeIpv4(String host) {
    String last = host.substring(host.lastIndexOf('.') + 1);
    if (isDecimal(last)) {
      return true;
    }
    return last.length() >= 2
        && last.charAt(0) == '0'
        && (last.charAt(1) == 'x' || last.charAt(1) == 'X')
        && last.substring(2).chars().allMatch(c -> digit((char) c, 16) >= 0);
  }

  /**
   * Reads 1 to 4 dot-separated decimal, octal ({@code 0} prefix) or hex ({@code 0x}) numbers, the
   * last filling the remaining bytes: {@code 127.1}, {@code 2130706433} and {@code 0x7f.0.0.1} all
   * mean 127.0.0.1.
   *
   * @return the address, or {@code null} when the text is no IPv4 address in any spelling
   */
  static Ipv4 parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return null;
    }
    boolean canonical = parts.length == 4;
    long value = 0;
    for (int i = 0; i < parts.length; i++) {
      long part = parseNumber(parts[i]);
      boolean last = i == parts.length - 1;
      long limit = last ? 1L << (8 * (4 - i)) : 256;
      if (part < 0 || part >= limit) {
        return null;
      }
      value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
      if (!isDecimal(parts[i]) || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
        canonical = false;
      }
    }
    byte[] address = {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
    return new Ipv4(address, canonical);
  }

  /**
   * Reads an IPv6 address without brackets, with at most one {@code ::} and optionally a trailing
   * dotted IPv4 part. Zone ids ({@code %eth0}) are not accepted.
   *
   * @return the 16 bytes, or {@code null} when the text is no IPv6 address
   */
  static byte[] parseIpv6(String text) {
    if (text.length() < 2 || text.length() > 45) {
      return null;
    }
    String groupsText = text;
    byte[] embedded = null;
    int lastColon = text.lastIndexOf(':');
    if (lastColon >= 0 && text.indexOf('.', lastColon) >= 0) {
      Ipv4 ipv4 = parseIpv4(text.substring(lastColon + 1));
      if (ipv4 == null || !ipv4.canonical()) {
        return null;
      }
      embedded = ipv4.address();
      groupsText = text.substring(0, lastColon + 1) + "0:0";
    }
    int[] groups = parseGroups(groupsText);
    if (groups == null) {
      return null;
    }
    byte[] address = new byte[16];
    for (int i = 0; i < 8; i++) {
      address[2 * i] = (byte) (groups[i] >>> 8);
      address[2 * i + 1] = (byte) groups[i];
    }
    if (embedded != null) {
      System.arraycopy(embedded, 0, address, 12, 4);
    }
    return address;
  }

  /** Formats 4 or 16 bytes: dotted decimal, or RFC 5952 compressed IPv6. */
  static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = Math.max(i, j);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  private static int[] parseGroups(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    int[] head;
    int[] tail;
    if (doubleColon < 0) {
      head = parseHexGroups(text);
      tail = new int[0];
      if (head == null || head.length != 8) {
        return null;
      }
    } else {
      head = parseHexGroups(text.substring(0, doubleColon));
      tail = parseHexGroups(text.substring(doubleColon + 2));
      if (head == null || tail == null || head.length + tail.length > 7) {
        return null;
      }
    }
    int[] groups = new int[8];
    System.arraycopy(head, 0, groups, 0, head.length);
    System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
    return groups;
  }

  private static int[] parseHexGroups(String text) {
    if (text.isEmpty()) {
      return new int[0];
    }
    String[] parts = text.split(":", -1);
    if (parts.length > 8) {
      return null;
    }
    int[] groups = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 4) {
        return null;
      }
      groups[i] = (int) parseDigits(parts[i], 16);
      if (groups[i] < 0) {
        return null;
      }
    }
    return groups;
  }

  /** A decimal, {@code 0}-prefixed octal or {@code 0x}-prefixed hex number; -1 if none. */
  private static long parseNumber(String part) {
    if (part.isEmpty()) {
      return -1;
    }
    if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      // WHATWG reads a bare "0x" as 0; inet_aton rejects it. Either way it is not canonical.
      return part.length() == 2 ? 0 : parseDigits(part.substring(2), 16);
    }
    if (part.length() >= 2 && part.charAt(0) == '0') {
      return parseDigits(part.substring(1), 8);
    }
    return parseDigits(part, 10);
  }

  /** ASCII digits only (Character.digit would accept other scripts); -1 if none or too large. */
  private static long parseDigits(String digits, int radix) {
    if (digits.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digit(digits.charAt(i), radix);
      if (d < 0) {
        return -1;
      }
      value = value * radix + d;
      if (value > 0xFFFF_FFFFL) {
        return Long.MAX_VALUE;
      }
    }
    return value;
  }

  private static int digit(char c, int radix) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return -1;
    }
    return d < radix ? d : -1;
  }

  private static boolean isDecimal(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** An address checked already, as an {@link InetAddress} named {@code host} (may be null). */
  static InetAddress toInetAddress(String host, byte[] address) {
    try {
      // getByAddress never does a lookup; an IPv4-mapped address becomes an Inet4Address.
      return InetAddress.getByAddress(host, address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + address.length + " bytes", e);
    }
  }
}
