package dev.webhookoutbox.runner;

import dev.webhookoutbox.WebhookOutboxException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The runner's configuration: a properties file, overridden key by key by environment variables
 * (env wins). Each key {@code webhooks.db.url} has the variable {@code WEBHOOKS_DB_URL}: upper
 * case, dots and dashes as underscores. With nothing configured the runner uses an embedded H2 file
 * database under {@code ./webhooks-data}.
 */
public final class RunnerConfig {

  /** The database the runner uses when none is configured. */
  public static final String DEFAULT_DB_URL =
      "jdbc:h2:file:./webhooks-data/outbox;AUTO_SERVER=TRUE";

  private final Properties file;
  private final Map<String, String> env;

  private RunnerConfig(Properties file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /**
   * Reads {@code configFile} if given, else {@code WEBHOOKS_CONFIG} if set, else {@code
   * webhooks.properties} in the working directory if it exists.
   */
  public static RunnerConfig load(Path configFile, Map<String, String> env) {
    Path path = configFile;
    if (path == null && env.get("WEBHOOKS_CONFIG") != null) {
      path = Path.of(env.get("WEBHOOKS_CONFIG"));
    }
    if (path == null && Files.isRegularFile(Path.of("webhooks.properties"))) {
      path = Path.of("webhooks.properties");
    }
    Properties properties = new Properties();
    if (path != null) {
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new InvalidConfigException(
            "config file", "cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    return new RunnerConfig(properties, Map.copyOf(env));
  }

  /** The environment variable for a key: {@code webhooks.db.url} ⇒ {@code WEBHOOKS_DB_URL}. */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String string(String key, String defaultValue) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null) {
      return fromEnv;
    }
    return file.getProperty(key, defaultValue);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    String raw = string(key, null);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value < min || value > max) {
        throw new InvalidConfigException(
            key, "must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(key, "must be a whole number, was '" + raw + "'", e);
    }
  }

  /** A duration as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 3d} or ISO-8601. */
  public Duration duration(String key, Duration defaultValue) {
    String raw = string(key, null);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    try {
      return parseDuration(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(
          key, "must be a duration like 500ms, 30s, 5m, 2h or 3d, was '" + raw + "'", e);
    }
  }

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 3d} or ISO-8601 ({@code
   * PT30S}).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Duration parseDuration(String raw) {
    String text = raw.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      long amount = Long.parseLong(text.substring(0, text.length() - 1));
      return switch (text.charAt(text.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a duration: '" + raw + "'", e);
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    String raw = string(key, null);
    if (raw == null || raw.isBlank()) {
      return defaultValue;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new InvalidConfigException(key, "must be true or false, was '" + raw + "'");
    };
  }

  /** A configuration value is missing or malformed; the message names the key. */
  public static final class InvalidConfigException extends WebhookOutboxException {
    public InvalidConfigException(String key, String problem) {
      super("invalid configuration " + key + " (env " + envName(key) + "): " + problem);
    }

    /** As {@link #InvalidConfigException(String, String)}, with what the parser threw. */
    public InvalidConfigException(String key, String problem, Throwable cause) {
      super("invalid configuration " + key + " (env " + envName(key) + "): " + problem, cause);
    }
  }
}
