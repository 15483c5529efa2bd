package dev.webhookoutbox.dispatch;

import static dev.webhookoutbox.dispatch.DispatcherSemanticsTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.testing.EmptyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link OutcomeRecorder} groups outcomes into transactions. */
class OutcomeRecorderTest {

  private final BatchStore store = new BatchStore();
  private OutcomeRecorder recorder;

  @AfterEach
  void stop() throws InterruptedException {
    recorder.stop(Duration.ofSeconds(1));
  }

  @Test
  void outcomesArrivingDuringTheLingerShareOneTransaction() throws Exception {
    recorder = started(100, Duration.ofSeconds(2));
    long start = System.nanoTime();
    recorder.submit(outcome());
    // Later arrivals, well inside the linger: without it the first would be written alone.
    for (int i = 0; i < 4; i++) {
      TimeUnit.MILLISECONDS.sleep(20);
      recorder.submit(outcome());
    }

    Written first = store.batches.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.size()).isEqualTo(5);
    assertThat(first.writtenAtNanos() - start)
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void aBatchOfAHundredIsWrittenWithoutWaitingOutTheLinger() throws Exception {
    recorder = started(1000, Duration.ofSeconds(1));
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      recorder.submit(outcome());
    }

    int written = 0;
    while (written < 100) {
      Written batch = store.batches.poll(10, TimeUnit.SECONDS);
      assertThat(batch).isNotNull();
      assertThat(batch.writtenAtNanos() - start).isLessThan(Duration.ofSeconds(1).toNanos());
      written += batch.size();
    }
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingOutTheLinger() throws Exception {
    recorder = started(3, Duration.ofSeconds(1));
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      recorder.submit(outcome());
    }

    Written first = store.batches.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.size()).isEqualTo(3);
    assertThat(first.writtenAtNanos() - start).isLessThan(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void flushReturnsOnceALingeringBatchIsWritten() throws Exception {
    recorder = started(100, Duration.ofMillis(300));
    recorder.submit(outcome());

    assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(store.batches).hasSize(1);
  }

  private OutcomeRecorder started(int batchSize, Duration linger) {
    OutcomeRecorder started =
        new OutcomeRecorder(
            store,
            "recorder-test",
            Clock.fixed(NOW, ZoneOffset.UTC),
            batchSize,
            linger,
            batch -> {},
            lost -> {},
            (component, error) -> {});
    started.start();
    return started;
  }

  private static AttemptOutcome outcome() {
    return new AttemptOutcome(
        UUID.randomUUID(),
        1,
        AttemptResult.response(NOW, Duration.ofMillis(3), 200, null, null),
        DeliveryStatus.DELIVERED,
        null,
        null);
  }

  private record Written(int size, long writtenAtNanos) {}

  /** Records the size and time of every outcome transaction. */
  private static final class BatchStore extends EmptyStore {
    final LinkedBlockingQueue<Written> batches = new LinkedBlockingQueue<>();

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
      batches.add(new Written(batch.size(), System.nanoTime()));
      return 0;
    }
  }
}
