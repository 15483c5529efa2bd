package dev.webhookoutbox.runner.cli;

import dev.webhookoutbox.runner.RunnerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: positionals, {@code --name value} (or {@code --name=value}) options and
 * {@code --flag}s. Reading an option marks it used; {@link #requireAllUsed()} then rejects typos.
 */
public final class Arguments {

  private final List<String> positionals = new ArrayList<>();
  private final Map<String, String> options = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Set<String> used = new HashSet<>();

  private Arguments() {}

  /** Parses {@code args}; names in {@code knownFlags} take no value. */
  public static Arguments parse(List<String> args, Set<String> knownFlags) {
    Arguments parsed = new Arguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.equals("--")) {
        parsed.positionals.add(arg);
        continue;
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        parsed.options.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (knownFlags.contains(name)) {
        parsed.flags.add(name);
      } else if (i + 1 < args.size()) {
        parsed.options.put(name, args.get(++i));
      } else {
        throw new UsageException("--" + name + " needs a value");
      }
    }
    return parsed;
  }

  public List<String> positionals() {
    return List.copyOf(positionals);
  }

  public boolean flag(String name) {
    used.add(name);
    return flags.contains(name);
  }

  /** The option's value, or {@code null}. */
  public String option(String name) {
    used.add(name);
    return options.get(name);
  }

  /** Rejects options nobody asked for, e.g. a misspelt {@code --sicne}. */
  public void requireAllUsed() {
    for (String name : options.keySet()) {
      if (!used.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
    }
    for (String name : flags) {
      if (!used.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
    }
  }

  /** {@code @FILE} reads the file (UTF-8); anything else is the value itself. */
  public static String textOrFile(String value, String what) {
    if (value == null || !value.startsWith("@")) {
      return value;
    }
    Path path = Path.of(value.substring(1));
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read " + what + " from " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * A point in time: ISO-8601 ({@code 2026-03-01T09:00:00Z}, {@code 2026-03-01T10:00+01:00}) or an
   * age before now ({@code 90m}, {@code 2h}, {@code 3d}).
   */
  public static Instant time(String value, String option, Clock clock) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException notIso) {
      try {
        return clock.instant().minus(RunnerConfig.parseDuration(value));
      } catch (IllegalArgumentException notDuration) {
        UsageException usage =
            new UsageException(
                "--"
                    + option
                    + " must be a time like 2026-03-01T09:00:00Z or an age like 2h, was '"
                    + value
                    + "'",
                notDuration);
        usage.addSuppressed(notIso);
        throw usage;
      }
    }
  }
}
