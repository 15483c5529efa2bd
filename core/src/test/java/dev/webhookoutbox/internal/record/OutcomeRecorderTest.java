package dev.webhookoutbox.internal.record;

import static dev.webhookoutbox.testing.Deliveries.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.internal.Ticker;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.testing.EmptyStore;
import dev.webhookoutbox.testing.ManualTicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How {@link OutcomeRecorder} groups outcomes into transactions. */
class OutcomeRecorderTest {

  private final ManualTicker ticker = new ManualTicker();
  private final BatchStore store = new BatchStore(ticker);
  private OutcomeRecorder recorder;

  @AfterEach
  void stop() throws InterruptedException {
    // An idle recorder thread ends by itself within one 50 ms poll; the ticker need not move.
    recorder.stop(Duration.ofSeconds(1));
  }

  @Test
  void outcomesArrivingDuringTheLingerShareOneTransaction() throws Exception {
    recorder = started(100, Duration.ofSeconds(2));
    long start = ticker.nanoTime();
    recorder.submit(outcome());
    ticker.awaitWaiter(); // the recorder lingers after the first outcome
    // Later arrivals, well inside the linger: without it the first would be written alone.
    for (int i = 0; i < 4; i++) {
      ticker.advance(Duration.ofMillis(300));
      recorder.submit(outcome());
    }
    ticker.advance(Duration.ofMillis(799));
    ticker.awaitWaiter();
    assertThat(store.batches).as("written before the linger ended").isEmpty();
    ticker.advance(Duration.ofMillis(1));

    Written first = store.batches.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.size()).isEqualTo(5);
    assertThat(first.writtenAtNanos() - start).isEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void aBatchOfAHundredIsWrittenWithoutWaitingOutTheLinger() throws Exception {
    recorder = started(1000, Duration.ofSeconds(1));
    for (int i = 0; i < 100; i++) {
      recorder.submit(outcome());
    }

    // The ticker never moves: whatever is written did not wait for the linger to end.
    int written = 0;
    while (written < 100) {
      Written batch = store.batches.poll(10, TimeUnit.SECONDS);
      assertThat(batch).isNotNull();
      written += batch.size();
    }
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingOutTheLinger() throws Exception {
    recorder = started(3, Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      recorder.submit(outcome());
    }

    // The ticker never moves: a batch written at all did not wait for the linger to end.
    Written first = store.batches.poll(10, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(first.size()).isEqualTo(3);
  }

  @Test
  void flushReturnsOnceALingeringBatchIsWritten() throws Exception {
    recorder = started(100, Duration.ofMillis(300));
    recorder.submit(outcome());
    ticker.awaitWaiter();
    CompletableFuture<Boolean> flushed = CompletableFuture.supplyAsync(this::flush);

    ticker.advance(Duration.ofMillis(300));

    assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(store.batches).hasSize(1);
  }

  @Test
  void flushGivesUpAtItsDeadlineWhileTheDatabaseIsSlow() throws Exception {
    store.blocked = new CountDownLatch(1);
    recorder = started(100, Duration.ZERO);
    recorder.submit(outcome());
    CompletableFuture<Boolean> flushed = CompletableFuture.supplyAsync(this::flush);
    ticker.awaitWaiter();

    ticker.advance(Duration.ofSeconds(10));

    assertThat(flushed.get(10, TimeUnit.SECONDS)).isFalse();
    store.blocked.countDown();
  }

  private boolean flush() {
    try {
      return recorder.flush(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private OutcomeRecorder started(int batchSize, Duration linger) {
    OutcomeRecorder started =
        new OutcomeRecorder(
            store,
            null,
            "recorder-test",
            Clock.fixed(NOW, ZoneOffset.UTC),
            ticker,
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

  /** Records the size and ticker time of every outcome transaction; can be made to hang. */
  private static final class BatchStore extends EmptyStore {
    final LinkedBlockingQueue<Written> batches = new LinkedBlockingQueue<>();
    final Ticker ticker;
    volatile CountDownLatch blocked;

    BatchStore(Ticker ticker) {
      this.ticker = ticker;
    }

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
      CountDownLatch block = blocked;
      if (block != null) {
        try {
          block.await(10, TimeUnit.SECONDS); // a database that takes long to commit
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      batches.add(new Written(batch.size(), ticker.nanoTime()));
      return 0;
    }
  }
}
