package dev.webhookoutbox.dispatch;

import static dev.webhookoutbox.testing.Deliveries.NOW;
import static dev.webhookoutbox.testing.Deliveries.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.WebhookSender;
import dev.webhookoutbox.testing.ManualTicker;
import dev.webhookoutbox.testing.OneBatchStore;
import dev.webhookoutbox.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What {@link Dispatcher#close()} writes and gives back, and in which order. */
class DispatcherShutdownTest {

  @Test
  void anOutcomeStillBeingWrittenAtTheDeadlineIsWrittenBeforeTheRestIsReleased() throws Exception {
    ClaimedDelivery answered = delivery(EventKind.TERMINAL, null, 0);
    ClaimedDelivery hanging = delivery(EventKind.TERMINAL, null, 0);
    SlowStore store = new SlowStore(List.of(answered, hanging));
    WebhookSender sender =
        new WebhookSender() {
          @Override
          public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
            return request.deliveryId().equals(answered.id())
                ? CompletableFuture.completedFuture(
                    AttemptResult.response(NOW, Duration.ofMillis(3), 200, null, null))
                : new CompletableFuture<>(); // never answers
          }

          @Override
          public void close() {}
        };
    Dispatcher dispatcher =
        Dispatcher.builder(store, sender)
            .runnerId("stopping")
            .clock(new SettableClock(NOW))
            .shutdownDeadline(Duration.ofMillis(100))
            .build();
    dispatcher.start();
    Thread loop = new Thread(dispatcher::runClaimLoop, "claim-loop");
    loop.start();
    assertThat(store.writing.await(10, TimeUnit.SECONDS)).as("outcome write started").isTrue();

    dispatcher.close();
    loop.join(5000);

    // Released first, the answered row would be due again and sent a second time.
    assertThat(store.events)
        .containsExactly("recorded " + answered.id(), "released [" + hanging.id() + "]");
    assertThat(loop.isAlive()).isFalse();
  }

  @Test
  void aPostSlowerThanAPollIsWaitedForWithinTheDeadline() throws Exception {
    ClaimedDelivery slow = delivery(EventKind.TERMINAL, null, 0);
    RecordingStore store = new RecordingStore(List.of(slow));
    CompletableFuture<AttemptResult> answer = new CompletableFuture<>();
    CountDownLatch sent = new CountDownLatch(1);
    Dispatcher dispatcher =
        Dispatcher.builder(store, answeringWith(answer, sent))
            .runnerId("patient")
            .clock(new SettableClock(NOW))
            .shutdownDeadline(Duration.ofSeconds(30))
            .build();
    dispatcher.start();
    Thread loop = new Thread(dispatcher::runClaimLoop, "claim-loop");
    loop.start();
    assertThat(sent.await(10, TimeUnit.SECONDS)).as("POST started").isTrue();

    Thread closing = new Thread(dispatcher::close, "closing");
    closing.start();
    closing.join(500); // ten idle polls: the POST is slower than a poll, far faster than 30 s
    assertThat(closing.isAlive()).as("close() still waiting for the POST").isTrue();
    answer.complete(AttemptResult.response(NOW, Duration.ofMillis(500), 200, null, null));
    closing.join(10_000);

    assertThat(closing.isAlive()).isFalse();
    assertThat(store.events)
        .as("written, never given back")
        .containsExactly("recorded " + slow.id());
    loop.join(5000);
  }

  @Test
  void onlyAPostStillRunningWhenTheDeadlinePassesIsGivenBack() throws Exception {
    ClaimedDelivery hanging = delivery(EventKind.TERMINAL, null, 0);
    RecordingStore store = new RecordingStore(List.of(hanging));
    CountDownLatch sent = new CountDownLatch(1);
    ManualTicker ticker = new ManualTicker();
    Dispatcher dispatcher =
        Dispatcher.builder(store, answeringWith(new CompletableFuture<>(), sent))
            .runnerId("cut-off")
            .clock(new SettableClock(NOW))
            .ticker(ticker)
            .shutdownDeadline(Duration.ofSeconds(30))
            .build();
    dispatcher.start();
    Thread loop = new Thread(dispatcher::runClaimLoop, "claim-loop");
    loop.start();
    assertThat(sent.await(10, TimeUnit.SECONDS)).as("POST started").isTrue();

    Thread closing = new Thread(dispatcher::close, "closing");
    closing.start();
    ticker.awaitWaiter();
    ticker.advance(Duration.ofSeconds(29));
    ticker.awaitWaiter();
    assertThat(store.events).as("given back before the deadline").isEmpty();
    ticker.advance(Duration.ofSeconds(1));
    closing.join(10_000);

    assertThat(closing.isAlive()).isFalse();
    assertThat(store.events).containsExactly("released [" + hanging.id() + "]");
    loop.join(5000);
  }

  /** Answers every request with {@code answer}, counting {@code sent} down first. */
  static WebhookSender answeringWith(CompletableFuture<AttemptResult> answer, CountDownLatch sent) {
    return new WebhookSender() {
      @Override
      public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
        sent.countDown();
        return answer;
      }

      @Override
      public void close() {}
    };
  }

  /** Hands out its rows once and records what is written and given back. */
  static class RecordingStore extends OneBatchStore {
    final List<String> events = new CopyOnWriteArrayList<>();

    RecordingStore(List<ClaimedDelivery> due) {
      super(due);
    }

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
      batch.forEach(outcome -> events.add("recorded " + outcome.deliveryId()));
      return 0;
    }

    @Override
    public int releaseClaims(String runnerId, Collection<UUID> ids, Instant dueAt, Instant now) {
      events.add("released " + ids);
      return ids.size();
    }
  }

  /** Hands out its rows once; writing outcomes takes longer than the shutdown deadline. */
  static final class SlowStore extends OneBatchStore {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CountDownLatch writing = new CountDownLatch(1);

    SlowStore(List<ClaimedDelivery> due) {
      super(due);
    }

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
      writing.countDown();
      try {
        Thread.sleep(400); // a slow database, longer than the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      batch.forEach(outcome -> events.add("recorded " + outcome.deliveryId()));
      return 0;
    }

    @Override
    public int releaseClaims(String runnerId, Collection<UUID> ids, Instant dueAt, Instant now) {
      events.add("released " + ids);
      return ids.size();
    }
  }
}
