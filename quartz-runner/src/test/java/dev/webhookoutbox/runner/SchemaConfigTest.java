package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.jdbc.SchemaMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaConfigTest {

  @Test
  void migratesByDefault() {
    assertThat(mode(Map.of())).isEqualTo(SchemaMode.MIGRATE);
  }

  @Test
  void readsTheModeInAnyCase() {
    assertThat(mode(Map.of("WEBHOOKS_SCHEMA_MODE", "verify"))).isEqualTo(SchemaMode.VERIFY);
    assertThat(mode(Map.of("WEBHOOKS_SCHEMA_MODE", " None "))).isEqualTo(SchemaMode.NONE);
    assertThat(mode(Map.of("WEBHOOKS_SCHEMA_MODE", "MIGRATE"))).isEqualTo(SchemaMode.MIGRATE);
  }

  @Test
  void theOlderMigrateOnStartStillWorks() {
    assertThat(mode(Map.of("WEBHOOKS_MIGRATE_ON_START", "false"))).isEqualTo(SchemaMode.NONE);
    assertThat(mode(Map.of("WEBHOOKS_MIGRATE_ON_START", "true"))).isEqualTo(SchemaMode.MIGRATE);
    assertThat(mode(Map.of("WEBHOOKS_MIGRATE_ON_START", "false", "WEBHOOKS_SCHEMA_MODE", "none")))
        .isEqualTo(SchemaMode.NONE);
  }

  @Test
  void aBadOrContradictoryValueNamesTheKey() {
    assertThatThrownBy(() -> mode(Map.of("WEBHOOKS_SCHEMA_MODE", "flyway")))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessage(
            "invalid configuration webhooks.schema.mode (env WEBHOOKS_SCHEMA_MODE): must be"
                + " migrate, verify or none, was 'flyway'");
    assertThatThrownBy(
            () ->
                mode(
                    Map.of("WEBHOOKS_MIGRATE_ON_START", "false", "WEBHOOKS_SCHEMA_MODE", "verify")))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.schema.mode")
        .hasMessageContaining("remove webhooks.migrate-on-start");
  }

  private static SchemaMode mode(Map<String, String> env) {
    return SchemaConfig.mode(RunnerConfig.load(null, env));
  }
}
