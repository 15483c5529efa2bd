package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.HostileReceiver;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.RunnerJvm;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner process that does run out of memory exits with status 3 for its supervisor to restart
 * it, instead of staying up as a zombie that holds its claims, sends nothing and ignores SIGTERM.
 * The out-of-memory error is a real one, the issue's: the runner's header limits are raised far
 * beyond its 256 MiB heap (1 MiB lines, 10,000 of them), and a receiver answers with endless 64 KiB
 * header lines. Before, the runner died of this within seconds and never exited.
 */
class RunnerOutOfMemoryIT {

  @TempDir Path workDir;

  @Test
  void aRunnerThatRunsOutOfMemoryExitsWithStatusThree() throws Exception {
    try (TestDatabase db = TestDatabase.postgres();
        // Far more than the heap per answer, but bounded: 2 GiB or 60 s, 40 answers.
        HostileReceiver headers =
            HostileReceiver.endlessHeaders(64 * 1024, 2L << 30, Duration.ofSeconds(60), 40)) {
      List<WebhookRequest> requests = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        requests.add(HostileReceiversIT.request(headers.url("/headers/" + i)));
      }
      WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
      outbox.enqueueAllWithoutTransaction(db.dataSource(), requests);
      Map<String, String> env = new HashMap<>(HostileReceiversIT.env(db));
      env.put("WEBHOOKS_HTTP_MAX_HEADER_LINE_BYTES", "1048576");
      env.put("WEBHOOKS_HTTP_MAX_HEADER_COUNT", "10000");
      env.put("WEBHOOKS_HTTP_TOTAL_TIMEOUT", "60s");
      env.put("WEBHOOKS_HTTP_RESPONSE_TIMEOUT", "60s");
      env.put("WEBHOOKS_DISPATCH_LEASE", "70s");

      try (RunnerJvm runner = RunnerJvm.start(workDir, "out-of-memory", env)) {
        boolean exited = runner.process().waitFor(90, TimeUnit.SECONDS);

        assertThat(exited).as("the runner exited by itself; its log:%n%s", runner.log()).isTrue();
        assertThat(runner.process().exitValue()).as("exit status").isEqualTo(3);
        assertThat(runner.log())
            .contains("OutOfMemoryError")
            .contains("hit an error it cannot survive; closing the runner");
        OutboxQueries sql = new OutboxQueries(db.dataSource());
        assertThat(sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'IN_FLIGHT'"))
            .as("claims left leased")
            .isZero();
      }
    }
  }
}
