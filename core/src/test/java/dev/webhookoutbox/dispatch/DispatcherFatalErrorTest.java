package dev.webhookoutbox.dispatch;

import static dev.webhookoutbox.testing.Deliveries.NOW;
import static dev.webhookoutbox.testing.Deliveries.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.FatalErrorHandler;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Errors a dispatcher cannot survive reach its {@link FatalErrorHandler} instead of leaving a
 * zombie: before, a recorder thread that died left every later outcome unwritten and its slot
 * taken, silently; and a sender failing with an {@link OutOfMemoryError} failed the delivery for
 * good as an {@code INTERNAL} error.
 */
class DispatcherFatalErrorTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final LinkedBlockingQueue<String> reported = new LinkedBlockingQueue<>();
  private final FatalErrorHandler handler =
      (component, error) -> reported.add(component + ": " + error);
  private Thread loop;

  @Test
  void theRecorderThreadDyingIsReported() throws Exception {
    ClaimedDelivery one = delivery(EventKind.TERMINAL, null, 0);
    RecordingStore store =
        new RecordingStore(
            List.of(one),
            batch -> {
              throw new OutOfMemoryError("Java heap space (test)");
            });
    Dispatcher dispatcher = started(store, request -> answered(200));

    assertThat(reported.poll(10, TimeUnit.SECONDS))
        .isEqualTo("outcome recorder: java.lang.OutOfMemoryError: Java heap space (test)");
    dispatcher.close();
    assertThat(store.released).containsExactly(one.id());
  }

  @Test
  void aSenderFailingWithAnErrorItCannotSurviveIsReportedAndNothingIsRecorded() throws Exception {
    ClaimedDelivery one = delivery(EventKind.TERMINAL, null, 0);
    RecordingStore store = new RecordingStore(List.of(one), batch -> 0);
    Dispatcher dispatcher =
        started(
            store,
            request ->
                CompletableFuture.failedFuture(
                    new CompletionException(new OutOfMemoryError("Direct buffer memory (test)"))));

    assertThat(reported.poll(10, TimeUnit.SECONDS))
        .startsWith("webhook sender: ")
        .contains("OutOfMemoryError: Direct buffer memory (test)");
    dispatcher.close();
    // Given back unsent, its attempt not counted: not failed for good as INTERNAL.
    assertThat(store.recorded).isEmpty();
    assertThat(store.released).containsExactly(one.id());
  }

  @Test
  void anErrorItCannotSurviveThrownWhereAnAttemptCompletesIsReported() throws Exception {
    // One attempt per origin: the second delivery waits in its lane and is sent from the
    // completion of the first, on the thread that completes it. There its sender throws.
    ClaimedDelivery first = delivery(EventKind.TERMINAL, null, 0);
    ClaimedDelivery second = delivery(EventKind.TERMINAL, null, 0);
    RecordingStore store = new RecordingStore(List.of(first, second), batch -> 0);
    CompletableFuture<AttemptResult> firstAnswer = new CompletableFuture<>();
    CountDownLatch firstSent = new CountDownLatch(1);
    Dispatcher dispatcher =
        started(
            store,
            b -> b.endpointSettings(new EndpointSettings(1, MINUTE, 20, MINUTE)),
            request -> {
              if (request.deliveryId().equals(first.id())) {
                firstSent.countDown();
                return firstAnswer;
              }
              throw new OutOfMemoryError("Java heap space (test)");
            });
    assertThat(firstSent.await(10, TimeUnit.SECONDS)).as("first POST started").isTrue();
    // The claim loop pauses once it has handed out the whole batch: the second waits in its lane.
    awaitState(loop, Thread.State.TIMED_WAITING);

    // CompletableFuture keeps what the completion throws in a future nobody reads: not rethrown.
    firstAnswer.complete(AttemptResult.response(NOW, Duration.ofMillis(3), 200, null, null));

    assertThat(reported.poll(10, TimeUnit.SECONDS))
        .isEqualTo("webhook sender: java.lang.OutOfMemoryError: Java heap space (test)");
    dispatcher.close();
    assertThat(store.recorded).containsExactly(first.id());
    assertThat(store.released).containsExactly(second.id());
  }

  @Test
  void aDeliveryCutOffByAFatalErrorIsGivenBackOnlyWhenTheShutdownDeadlinePasses() throws Exception {
    ClaimedDelivery one = delivery(EventKind.TERMINAL, null, 0);
    RecordingStore store = new RecordingStore(List.of(one), batch -> 0);
    ManualTicker ticker = new ManualTicker();
    Dispatcher dispatcher =
        started(
            store,
            b -> b.ticker(ticker).shutdownDeadline(Duration.ofSeconds(30)),
            request -> CompletableFuture.failedFuture(new OutOfMemoryError("(test)")));
    assertThat(reported.poll(10, TimeUnit.SECONDS)).startsWith("webhook sender: ");

    Thread closing = new Thread(dispatcher::close, "closing");
    closing.start();
    ticker.awaitWaiter();
    ticker.advance(Duration.ofSeconds(29));
    ticker.awaitWaiter();
    // Still held: nothing recorded it, so close() cannot tell it from a slow POST.
    assertThat(store.released).as("given back before the deadline").isEmpty();
    assertThat(dispatcher.inFlight()).isOne();
    ticker.advance(Duration.ofSeconds(1));
    closing.join(10_000);

    assertThat(closing.isAlive()).isFalse();
    assertThat(store.released).containsExactly(one.id());
    assertThat(store.recorded).isEmpty();
  }

  private Dispatcher started(
      RecordingStore store, Function<OutgoingRequest, CompletableFuture<AttemptResult>> send) {
    return started(store, b -> b, send);
  }

  private Dispatcher started(
      RecordingStore store,
      UnaryOperator<DispatcherBuilder> configure,
      Function<OutgoingRequest, CompletableFuture<AttemptResult>> send) {
    WebhookSender sender =
        new WebhookSender() {
          @Override
          public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
            return send.apply(request);
          }

          @Override
          public void close() {}
        };
    Dispatcher dispatcher =
        configure
            .apply(
                Dispatcher.builder(store, sender)
                    .runnerId("fatal-test")
                    .clock(new SettableClock(NOW))
                    .shutdownDeadline(Duration.ofMillis(200))
                    .fatalErrorHandler(handler))
            .build();
    dispatcher.start();
    loop = new Thread(dispatcher::runClaimLoop, "claim-loop");
    loop.setDaemon(true);
    loop.start();
    return dispatcher;
  }

  private static void awaitState(Thread thread, Thread.State state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread.getName() + " is " + thread.getState() + ", not " + state);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private static CompletableFuture<AttemptResult> answered(int status) {
    return CompletableFuture.completedFuture(
        AttemptResult.response(NOW, Duration.ofMillis(3), status, null, null));
  }

  /** Hands out its rows once, writes outcomes with {@code write}, remembers what it was given. */
  static final class RecordingStore extends OneBatchStore {
    final List<UUID> recorded = new CopyOnWriteArrayList<>();
    final List<UUID> released = new CopyOnWriteArrayList<>();
    private final Function<List<AttemptOutcome>, Integer> write;

    RecordingStore(List<ClaimedDelivery> due, Function<List<AttemptOutcome>, Integer> write) {
      super(due);
      this.write = write;
    }

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> batch, Instant now) {
      int lost = write.apply(batch);
      batch.forEach(outcome -> recorded.add(outcome.deliveryId()));
      return lost;
    }

    @Override
    public int releaseClaims(String runnerId, Collection<UUID> ids, Instant dueAt, Instant now) {
      released.addAll(ids);
      return ids.size();
    }
  }
}
