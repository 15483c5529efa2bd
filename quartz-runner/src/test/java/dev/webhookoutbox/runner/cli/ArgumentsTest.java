package dev.webhookoutbox.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void positionalsOptionsAndFlags() {
    Arguments args =
        Arguments.parse(
            List.of("id-1", "--failed", "--since", "2h", "--origin=https://h", "x"),
            Set.of("failed"));
    assertThat(args.positionals()).containsExactly("id-1", "x");
    assertThat(args.flag("failed")).isTrue();
    assertThat(args.option("since")).isEqualTo("2h");
    assertThat(args.option("origin")).isEqualTo("https://h");
    args.requireAllUsed();
  }

  @Test
  void unusedOrValuelessOptionsAreUsageErrors() {
    Arguments typo = Arguments.parse(List.of("--sicne", "2h"), Set.of());
    typo.option("since");
    assertThatThrownBy(typo::requireAllUsed).hasMessage("unknown option --sicne");
    assertThatThrownBy(() -> Arguments.parse(List.of("--since"), Set.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("--since needs a value");
  }

  @Test
  void timesAreIsoOrAnAgeBeforeNow() {
    assertThat(Arguments.time("2026-02-01T09:30:00Z", "since", CLOCK))
        .isEqualTo(Instant.parse("2026-02-01T09:30:00Z"));
    assertThat(Arguments.time("2026-02-01T10:30+01:00", "since", CLOCK))
        .isEqualTo(Instant.parse("2026-02-01T09:30:00Z"));
    assertThat(Arguments.time("90m", "since", CLOCK))
        .isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
    assertThatThrownBy(() -> Arguments.time("yesterday", "since", CLOCK))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--since must be a time");
  }
}
