package dev.webhookoutbox.runner;

import dev.webhookoutbox.jdbc.SchemaMode;

/**
 * The runner's schema setting: {@code webhooks.schema.mode} ({@code migrate}, {@code verify} or
 * {@code none}; default {@code migrate}). The older {@code webhooks.migrate-on-start} is still
 * read: {@code false} means {@code none}, {@code true} means {@code migrate}.
 */
final class SchemaConfig {

  static final String MODE = "webhooks.schema.mode";
  static final String MIGRATE_ON_START = "webhooks.migrate-on-start";

  private SchemaConfig() {}

  static SchemaMode mode(RunnerConfig config) {
    String raw = config.string(MODE, null);
    String old = config.string(MIGRATE_ON_START, null);
    SchemaMode fromOld = null;
    if (old != null && !old.isBlank()) {
      fromOld = config.bool(MIGRATE_ON_START, true) ? SchemaMode.MIGRATE : SchemaMode.NONE;
    }
    if (raw == null || raw.isBlank()) {
      return fromOld != null ? fromOld : SchemaMode.MIGRATE;
    }
    SchemaMode mode;
    try {
      mode = SchemaMode.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new RunnerConfig.InvalidConfigException(MODE, e.getMessage(), e);
    }
    if (fromOld != null && fromOld != mode) {
      throw new RunnerConfig.InvalidConfigException(
          MODE,
          "is "
              + raw.strip()
              + " but "
              + MIGRATE_ON_START
              + " is "
              + old.strip()
              + "; remove "
              + MIGRATE_ON_START
              + ", the older spelling");
    }
    return mode;
  }
}
