package dev.webhookoutbox.dispatch;

import static dev.webhookoutbox.dispatch.DispatcherSemanticsTest.NOW;
import static dev.webhookoutbox.dispatch.DispatcherSemanticsTest.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.FatalErrorHandler;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.WebhookSender;
import dev.webhookoutbox.testing.MutableClock;
import dev.webhookoutbox.testing.OneBatchStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Errors a dispatcher cannot survive reach its {@link FatalErrorHandler} instead of leaving a
 * zombie: before, a recorder thread that died left every later outcome unwritten and its slot
 * taken, silently; and a sender failing with an {@link OutOfMemoryError} failed the delivery for
 * good as an {@code INTERNAL} error.
 */
class DispatcherFatalErrorTest {

  private final LinkedBlockingQueue<String> reported = new LinkedBlockingQueue<>();
  private final FatalErrorHandler handler =
      (component, error) -> reported.add(component + ": " + error);

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

  private Dispatcher started(
      RecordingStore store, Function<OutgoingRequest, CompletableFuture<AttemptResult>> send) {
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
        Dispatcher.builder(store, sender)
            .runnerId("fatal-test")
            .clock(new MutableClock(NOW))
            .shutdownDeadline(Duration.ofMillis(200))
            .fatalErrorHandler(handler)
            .build();
    dispatcher.start();
    Thread loop = new Thread(dispatcher::runClaimLoop, "claim-loop");
    loop.setDaemon(true);
    loop.start();
    return dispatcher;
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
