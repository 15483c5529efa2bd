package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.webhookoutbox.runner.cli.Arguments;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A configuration or command-line error keeps what the parser said as its cause, for whoever debugs
 * it; only a secret key's parse error is dropped, since it quotes the key.
 */
class CausesKeptTest {

  @Test
  void configurationErrorsKeepTheParsersException() {
    RunnerConfig config =
        RunnerConfig.load(
            null,
            Map.of(
                "WEBHOOKS_DISPATCH_BATCH_SIZE", "many",
                "WEBHOOKS_DISPATCH_LEASE", "soon",
                "WEBHOOKS_CLUSTER_NAME", " ",
                "WEBHOOKS_THROTTLE_WINDOW", "2h"));

    assertThat(catchThrowable(() -> config.integer("webhooks.dispatch.batch-size", 1, 1, 10)))
        .isInstanceOf(RunnerConfig.InvalidConfigException.class)
        .hasCauseInstanceOf(NumberFormatException.class);
    assertThat(catchThrowable(() -> config.duration("webhooks.dispatch.lease", null)))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> RunnerProcess.clusterSettings(config)))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> RunnerProcess.throttleWindow(config)))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(
            catchThrowable(
                () -> RunnerConfig.load(Path.of("/no/such/webhooks.properties"), Map.of())))
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aTimeThatIsNeitherAnInstantNorAnAgeKeepsBothReasons() {
    Throwable thrown =
        catchThrowable(() -> Arguments.time("yesterday", "since", Clock.systemUTC()));

    assertThat(thrown).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getSuppressed()).singleElement().isInstanceOf(DateTimeException.class);
  }

  @Test
  void anUnreadableSecretKeyIsReportedWithoutTheDecodersMessage() {
    String key = "not-base64-but-secret!";
    Throwable thrown =
        catchThrowable(
            () ->
                RunnerProcess.secretCipher(
                    RunnerConfig.load(null, Map.of("WEBHOOKS_SECRET_KEY", key))));

    assertThat(thrown).isInstanceOf(RunnerConfig.InvalidConfigException.class).hasNoCause();
    assertThat(thrown.getMessage()).doesNotContain(key);
  }
}
