package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.validation.UrlPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A host name that is local by convention is refused at enqueue, and a row that holds one anyway
 * (written before the rule, or by an outbox with the guard off) fails at once as {@code
 * URL_REFUSED} instead of being retried as a DNS error for as long as the retry policy allows.
 */
class LocalNamesIT {

  @Test
  void localNamesAreRefusedAtEnqueueAndFailForGoodInTheRunner() throws Exception {
    try (TestDatabase db = TestDatabase.h2()) {
      WebhookOutbox strict = WebhookOutbox.builder().build();
      WebhookOutbox loopback = WebhookOutbox.builder().options(TestRunners.options()).build();
      DataSource ds = db.dataSource();
      assertThatThrownBy(
              () ->
                  strict.enqueueWithoutTransaction(
                      ds, request("https://localhost.localdomain/hooks")))
          .isInstanceOf(UrlRefusedException.class)
          .hasMessageContaining("local machine");
      assertThatThrownBy(
              () ->
                  loopback.enqueueWithoutTransaction(
                      ds, request("http://hooks.localdomain:9/hooks")))
          .isInstanceOf(UrlRefusedException.class)
          .hasMessageContaining("localdomain");

      WebhookOutbox unguarded =
          WebhookOutbox.builder()
              .options(
                  OutboxOptions.builder()
                      .urlPolicy(UrlPolicy.builder().allowPlainHttp(true).ssrfGuard(false).build())
                      .build())
              .build();
      UUID id =
          unguarded.enqueueWithoutTransaction(ds, request("http://hooks.localdomain:9/hooks"));
      RetryPolicy patient =
          RetryPolicy.builder()
              .maxAttempts(1000)
              .initialDelay(Duration.ofMillis(50))
              .multiplier(1)
              .jitter(0)
              .build();
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      try (WebhookRunner runner =
          TestRunners.fast(db.dataSource(), "local-names")
              .options(TestRunners.options(patient))
              .build()) {
        runner.start();
        await()
            .atMost(Duration.ofSeconds(15))
            .untilAsserted(
                () ->
                    assertThat(sql.status(id))
                        .as("error kinds of the attempts so far: %s", errorKinds(sql, id))
                        .isEqualTo("FAILED"));
      }
      List<Map<String, Object>> attempts = sql.attempts(id);
      assertThat(attempts).hasSize(1);
      assertThat(attempts.get(0).get("error_kind")).isEqualTo("URL_REFUSED");
      assertThat((String) attempts.get(0).get("error_message")).contains("localdomain");
    }
  }

  private static List<Object> errorKinds(OutboxQueries sql, UUID id) {
    return sql.attempts(id).stream().map(a -> a.get("error_kind")).toList();
  }

  private static WebhookRequest request(String url) {
    return WebhookRequest.builder(url, "completed").payload("{\"id\":1}").build();
  }
}
