package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

class ClusterSettingsTest {

  @Test
  void clusteredByDefaultWithAFailoverOfTwoCheckinsQuartzsGraceAndAMisfireThreshold() {
    ClusterSettings settings = RunnerProcess.clusterSettings(RunnerConfig.load(null, Map.of()));
    assertThat(settings).isEqualTo(ClusterSettings.defaults());
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.name()).isEqualTo("webhook-outbox");
    assertThat(settings.failoverTime()).isEqualTo(Duration.ofMillis(22_500));
  }

  @Test
  void readsTheClusterKeysFromTheEnvironment() {
    RunnerConfig config =
        RunnerConfig.load(
            null,
            Map.of(
                "WEBHOOKS_CLUSTER_ENABLED", "false",
                "WEBHOOKS_CLUSTER_NAME", " billing ",
                "WEBHOOKS_CLUSTER_CHECKIN_INTERVAL", "2s"));
    assertThat(RunnerProcess.clusterSettings(config))
        .isEqualTo(new ClusterSettings(false, "billing", Duration.ofSeconds(2)));
  }

  @Test
  void aTooShortCheckinIntervalNamesTheKey() {
    RunnerConfig config =
        RunnerConfig.load(null, Map.of("WEBHOOKS_CLUSTER_CHECKIN_INTERVAL", "10ms"));
    assertThatThrownBy(() -> RunnerProcess.clusterSettings(config))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasMessageContaining("webhooks.cluster")
        .hasMessageContaining("checkinInterval");
  }

  @Test
  void aClusterJobMustNotRunConcurrently() {
    assertThatThrownBy(() -> ClusterJob.every("x", Overlapping.class, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("@DisallowConcurrentExecution");
    ClusterJob job = ClusterJob.every("x", OneAtATime.class, Duration.ofSeconds(1)).with("k", 1);
    assertThat(job.context()).containsEntry("k", 1);
  }

  @Test
  void builtInClusterJobNamesAreReserved() {
    assertThatThrownBy(
            () ->
                WebhookRunner.builder(new org.h2.jdbcx.JdbcDataSource())
                    .clusterJob(
                        ClusterJob.every(
                            "lease-recovery", OneAtATime.class, Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }

  public static final class Overlapping implements Job {
    @Override
    public void execute(JobExecutionContext context) {}
  }

  @DisallowConcurrentExecution
  public static final class OneAtATime implements Job {
    @Override
    public void execute(JobExecutionContext context) {}
  }
}
