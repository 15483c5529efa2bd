package dev.webhookoutbox.validation;

import dev.webhookoutbox.UrlRefusedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link UrlPolicy} trusts in spite of its address checks: exact host names, {@code *.}
 * wildcards (kept as suffixes) and networks. Entries are parsed and checked as they are added;
 * malformed ones throw {@link IllegalArgumentException}. Immutable.
 */
record Allowlist(Set<String> names, List<String> suffixes, List<Cidr> networks) {

  static final Allowlist EMPTY = new Allowlist(Set.of(), List.of(), List.of());

  Allowlist {
    names = Set.copyOf(names);
    suffixes = List.copyOf(suffixes);
    networks = List.copyOf(networks);
  }

  /** This allowlist and a host name, or every name below {@code *.corp.example}. */
  Allowlist withHost(String name) {
    String normalized = HostNames.normalize(Objects.requireNonNull(name, "name").strip());
    boolean wildcard = normalized.startsWith("*.");
    String bare = wildcard ? normalized.substring(2) : normalized;
    if (bare.indexOf(':') >= 0 || IpLiterals.looksLikeIpv4(bare)) {
      throw new IllegalArgumentException(
          "'" + name + "' is an address, not a host name: use allowCidr");
    }
    try {
      HostNames.checkSyntax(name, bare);
    } catch (UrlRefusedException e) {
      throw new IllegalArgumentException("not a host name: '" + name + "'", e);
    }
    if (wildcard) {
      List<String> more = new ArrayList<>(suffixes);
      more.add("." + bare);
      return new Allowlist(names, more, networks);
    }
    Set<String> more = new LinkedHashSet<>(names);
    more.add(bare);
    return new Allowlist(more, suffixes, networks);
  }

  /** This allowlist and a network such as {@code 10.20.0.0/16}, or one address. */
  Allowlist withCidr(String cidr) {
    List<Cidr> more = new ArrayList<>(networks);
    more.add(Cidr.parse(Objects.requireNonNull(cidr, "cidr")));
    return new Allowlist(names, suffixes, more);
  }

  /**
   * This allowlist and entries as read from configuration: each a network, an address, a host name
   * or a {@code *.} wildcard. Blank entries are skipped.
   */
  Allowlist with(Collection<String> entries) {
    Allowlist result = this;
    for (String entry : entries) {
      String trimmed = entry.strip();
      if (trimmed.isEmpty()) {
        continue;
      }
      boolean address =
          trimmed.indexOf('/') >= 0
              || trimmed.indexOf(':') >= 0
              || IpLiterals.looksLikeIpv4(HostNames.normalize(trimmed));
      result = address ? result.withCidr(trimmed) : result.withHost(trimmed);
    }
    return result;
  }

  boolean allowsName(String normalizedName) {
    return names.contains(normalizedName) || suffixes.stream().anyMatch(normalizedName::endsWith);
  }

  /** Whether an address, or the IPv4 address an IPv6 form embeds, lies in a listed network. */
  boolean allowsAddress(byte[] address) {
    byte[] unmapped = SpecialAddresses.unmap(address);
    for (Cidr network : networks) {
      if (network.contains(unmapped) || network.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The entries in the form {@link #with} reads. */
  List<String> entries() {
    List<String> entries = new ArrayList<>(names);
    suffixes.forEach(suffix -> entries.add("*" + suffix));
    networks.forEach(network -> entries.add(network.toString()));
    return List.copyOf(entries);
  }
}
