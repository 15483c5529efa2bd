package dev.webhookoutbox.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeadlineSweeperTest {

  @Test
  void finishedExchangesAreDroppedLongBeforeTheirDeadline() throws Exception {
    try (DeadlineSweeper sweeper = new DeadlineSweeper(Duration.ofHours(1))) {
      List<AtomicReference<Future<?>>> holders = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        holders.add(sweeper.watch(new CompletableFuture<>()));
      }
      holders.forEach(holder -> holder.set(null));

      awaitWatched(sweeper, 0);
    }
  }

  @Test
  void anExchangeStillRunningKeepsThoseBehindItAndIsCancelledAtItsDeadline() throws Exception {
    try (DeadlineSweeper sweeper = new DeadlineSweeper(Duration.ofMillis(500))) {
      CompletableFuture<Void> hanging = new CompletableFuture<>();
      sweeper.watch(hanging);
      sweeper.watch(new CompletableFuture<>()).set(null);

      assertThat(sweeper.watched()).isEqualTo(2);
      awaitWatched(sweeper, 0);
      assertThat(hanging).isCancelled();
    }
  }

  private static void awaitWatched(DeadlineSweeper sweeper, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sweeper.watched() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sweeper.watched()).isEqualTo(expected);
  }
}
