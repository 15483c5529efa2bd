package dev.webhookoutbox.validation;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8} or {@code fc00::/7}. Host bits below the
 * prefix are ignored, so {@code 10.1.2.3/8} means {@code 10.0.0.0/8}.
 */
record Cidr(byte[] network, int prefixLength) {

  Cidr {
    network = network.clone();
    if (network.length != 4 && network.length != 16) {
      throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + network.length);
    }
    if (prefixLength < 0 || prefixLength > network.length * 8) {
      throw new IllegalArgumentException("prefix length out of range: " + prefixLength);
    }
  }

  /**
   * Parses {@code address/prefix}, or a single address (a /32 or /128). Only the canonical IPv4
   * spelling is accepted, for the same reason URLs may only use it.
   *
   * @throws IllegalArgumentException when the text is no network
   */
  static Cidr parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
    if (addressText.startsWith("[") && addressText.endsWith("]")) {
      addressText = addressText.substring(1, addressText.length() - 1);
    }
    byte[] address = parseAddress(addressText);
    if (address == null) {
      throw new IllegalArgumentException("not an IP address or CIDR network: '" + text + "'");
    }
    int prefix = address.length * 8;
    if (slash >= 0) {
      String prefixText = trimmed.substring(slash + 1);
      if (prefixText.isEmpty()
          || prefixText.length() > 3
          || !prefixText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("not a prefix length in '" + text + "'");
      }
      prefix = Integer.parseInt(prefixText);
      if (prefix > address.length * 8) {
        throw new IllegalArgumentException("prefix length too long in '" + text + "'");
      }
    }
    return new Cidr(address, prefix);
  }

  /** A 4- or 16-byte address, or {@code null}; IPv4 must be spelled as four decimal numbers. */
  static byte[] parseAddress(String text) {
    if (text.indexOf(':') >= 0) {
      return IpLiterals.parseIpv6(text);
    }
    IpLiterals.Ipv4 ipv4 = IpLiterals.parseIpv4(text);
    return ipv4 != null && ipv4.canonical() ? ipv4.address() : null;
  }

  /** Whether the address (of the same family) lies in this network. */
  boolean contains(byte[] address) {
    if (address.length != network.length) {
      return false;
    }
    int fullBytes = prefixLength / 8;
    for (int i = 0; i < fullBytes; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int restBits = prefixLength % 8;
    if (restBits == 0) {
      return true;
    }
    int mask = (0xff << (8 - restBits)) & 0xff;
    return (address[fullBytes] & mask) == (network[fullBytes] & mask);
  }

  @Override
  public byte[] network() {
    return network.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr that
        && prefixLength == that.prefixLength
        && Arrays.equals(network, that.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  @Override
  public String toString() {
    return IpLiterals.format(network) + "/" + prefixLength;
  }
}
