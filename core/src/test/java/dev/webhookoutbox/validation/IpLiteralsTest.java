package dev.webhookoutbox.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 127.0.0.1, true",
    "2130706433, 127.0.0.1, false",
    "0x7f.1, 127.0.0.1, false",
    "0x7F000001, 127.0.0.1, false",
    "017700000001, 127.0.0.1, false",
    "0177.0.0.1, 127.0.0.1, false",
    "127.1, 127.0.0.1, false",
    "127.0.1, 127.0.0.1, false",
    "10.0.0.010, 10.0.0.8, false",
    "0, 0.0.0.0, false",
    "0x, 0.0.0.0, false",
    "4294967295, 255.255.255.255, false",
    "1.2.65535, 1.2.255.255, false",
    "0.0.0.0, 0.0.0.0, true",
    "8.8.8.8, 8.8.8.8, true"
  })
  void readsEveryIpv4Spelling(String text, String address, boolean canonical) {
    IpLiterals.Ipv4 parsed = IpLiterals.parseIpv4(text);
    assertThat(parsed).isNotNull();
    assertThat(IpLiterals.format(parsed.address())).isEqualTo(address);
    assertThat(parsed.canonical()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4294967296",
        "256.1.1.1",
        "1.2.3.256",
        "1.2.65536",
        "08.0.0.1",
        "1..2.3",
        "1.2.3.4.5",
        "+1.2.3.4",
        "-1",
        "\u0661\u0662\u0667.0.0.1",
        "99999999999999999999999",
        ""
      })
  void refusesWhatIsNoIpv4(String text) {
    assertThat(IpLiterals.parseIpv4(text)).isNull();
  }

  @Test
  void knowsWhenAHostIsMeantAsANumber() {
    assertThat(IpLiterals.looksLikeIpv4("example.com")).isFalse();
    assertThat(IpLiterals.looksLikeIpv4("1.example")).isFalse();
    assertThat(IpLiterals.looksLikeIpv4("example.123")).isTrue();
    assertThat(IpLiterals.looksLikeIpv4("0x7f")).isTrue();
    assertThat(IpLiterals.looksLikeIpv4("a.0xg")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "::1, ::1",
    "::, ::",
    "1::, 1::",
    "0:0:0:0:0:0:0:1, ::1",
    "::ffff:1.2.3.4, ::ffff:102:304",
    "FE80::1, fe80::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329"
  })
  void readsIpv6(String text, String formatted) {
    byte[] address = IpLiterals.parseIpv6(text);
    assertThat(address).hasSize(16);
    assertThat(IpLiterals.format(address)).isEqualTo(formatted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ":::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "12345::",
        "::g",
        "1::2::3",
        ":1::2",
        "1::2:",
        "::1.2.3",
        "::0177.0.0.1",
        "::1.2.3.4:5",
        "fe80::1%eth0",
        "1.2.3.4",
        ":"
      })
  void refusesWhatIsNoIpv6(String text) {
    assertThat(IpLiterals.parseIpv6(text)).isNull();
  }
}
