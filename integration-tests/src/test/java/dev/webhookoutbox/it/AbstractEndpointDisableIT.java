package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.dispatch.EndpointHealthSettings;
import dev.webhookoutbox.dispatch.EndpointSettings;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.EndpointMaintenance;
import dev.webhookoutbox.jdbc.EndpointView;
import dev.webhookoutbox.jdbc.Endpoints;
import dev.webhookoutbox.jdbc.JdbcOutboxStore;
import dev.webhookoutbox.jdbc.UrlOrigins;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.retry.RetryPolicy;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.EndpointDisabled;
import dev.webhookoutbox.spi.EndpointHealth;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.time.SettableClock;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Endpoint auto-disable end to end, on a clock the test moves: an origin failing for longer than
 * the threshold is disabled once, its deliveries wait without spending attempts (also on a runner
 * started later), healthy origins carry on, and enabling it by API or by the documented SQL sends
 * what waited.
 */
abstract class AbstractEndpointDisableIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration DISABLE_AFTER = Duration.ofHours(1);

  private TestDatabase db;
  private OutboxQueries sql;
  private SettableClock clock;
  private WebhookOutbox outbox;
  private TestReceiver bad;
  private TestReceiver good;
  private final List<WebhookRunner> runners = new ArrayList<>();

  protected abstract TestDatabase openDatabase();

  @BeforeEach
  void setUp() {
    db = openDatabase();
    sql = new OutboxQueries(db.dataSource());
    clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    outbox = WebhookOutbox.builder().options(TestRunners.options()).clock(clock).build();
    bad = new TestReceiver().respondWith(r -> 503);
    good = new TestReceiver();
  }

  @AfterEach
  void tearDown() {
    // After a set-up that failed part-way, close what was opened and let its error be the report.
    runners.forEach(WebhookRunner::close);
    Stream.of(bad, good).filter(Objects::nonNull).forEach(TestReceiver::close);
    if (db != null) {
      db.close();
    }
  }

  @Test
  void anOriginFailingPastTheThresholdIsDisabledOnceAndWaitsUntilEnabledByTheApi() {
    List<EndpointDisabled> events = new CopyOnWriteArrayList<>();
    WebhookRunner first = start("first", events);
    String badOrigin = UrlOrigins.of(bad.url("/"));
    List<UUID> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(enqueue(bad.url("/hooks/" + i)));
    }
    UUID healthy = enqueue(good.url("/hooks"));
    awaitAttempts(waiting, 1);
    await().atMost(WAIT).until(() -> "DELIVERED".equals(sql.status(healthy)));
    await().atMost(WAIT).until(() -> state(badOrigin) == EndpointView.State.FAILING);

    clock.advance(Duration.ofMinutes(30)); // half the threshold: retries fail, nothing disabled
    awaitAttempts(waiting, 2);
    clock.advance(Duration.ofMinutes(31)); // failures now span more than the threshold
    awaitAttempts(waiting, 3);
    await().atMost(WAIT).until(() -> events.size() == 1);
    EndpointDisabled event = events.get(0);
    assertThat(event.origin()).isEqualTo(badOrigin);
    assertThat(event.lastError()).isEqualTo("HTTP 503");
    assertThat(event.failingSince()).isBeforeOrEqualTo(event.lastFailureAt().minus(DISABLE_AFTER));
    await().atMost(WAIT).until(() -> first.disabledEndpoints().contains(badOrigin));

    clock.advance(Duration.ofMinutes(10)); // the retries are due: parked, not sent
    awaitParked(waiting);
    UUID enqueuedWhileDisabled = enqueue(bad.url("/hooks/new"));
    awaitParked(List.of(enqueuedWhileDisabled));
    UUID healthyLater = enqueue(good.url("/hooks"));
    await().atMost(WAIT).until(() -> "DELIVERED".equals(sql.status(healthyLater)));
    assertThat(bad.count()).isEqualTo(9);
    assertThat(attempts(waiting)).containsOnly(3);
    assertThat(attempts(List.of(enqueuedWhileDisabled))).containsOnly(0);
    assertThat(state(UrlOrigins.of(good.url("/")))).isEqualTo(EndpointView.State.HEALTHY);

    // A runner started later reads the disabled origin from the database.
    first.close();
    runners.remove(first);
    List<EndpointDisabled> laterEvents = new CopyOnWriteArrayList<>();
    WebhookRunner second = start("second", laterEvents);
    assertThat(second.disabledEndpoints()).containsExactly(badOrigin);
    UUID enqueuedAfterRestart = enqueue(bad.url("/hooks/after-restart"));
    awaitParked(List.of(enqueuedAfterRestart));
    assertThat(bad.count()).isEqualTo(9);

    bad.respondWith(r -> 200);
    assertThat(new Endpoints(db.dataSource(), clock).enable(badOrigin)).isTrue();
    List<UUID> all = new ArrayList<>(waiting);
    all.add(enqueuedWhileDisabled);
    all.add(enqueuedAfterRestart);
    await()
        .atMost(WAIT)
        .until(() -> all.stream().allMatch(id -> "DELIVERED".equals(sql.status(id))));
    assertThat(attempts(waiting)).containsOnly(4);
    assertThat(attempts(List.of(enqueuedWhileDisabled, enqueuedAfterRestart))).containsOnly(1);
    await().atMost(WAIT).until(() -> state(badOrigin) == EndpointView.State.HEALTHY);
    assertThat(events).hasSize(1);
    assertThat(laterEvents).as("the disablement was notified once, by the first runner").isEmpty();
  }

  @Test
  void theDocumentedSqlEnablesAnOriginAnAdminDisabled() throws Exception {
    List<EndpointDisabled> events = new CopyOnWriteArrayList<>();
    WebhookRunner runner = start("sql", events);
    String badOrigin = UrlOrigins.of(bad.url("/"));
    assertThat(new Endpoints(db.dataSource(), clock).disable(bad.url("/x"), "paused by support"))
        .isTrue();
    await().atMost(WAIT).until(() -> runner.disabledEndpoints().contains(badOrigin));
    await().atMost(WAIT).until(() -> events.size() == 1);
    assertThat(events.get(0).reason()).isEqualTo("paused by support");
    assertThat(events.get(0).failingSince()).isNull();

    UUID waiting = enqueue(bad.url("/hooks"));
    awaitParked(List.of(waiting));
    assertThat(bad.count()).isZero();

    bad.respondWith(r -> 200);
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      // As in docs/admin-sql.md, "Enable an endpoint".
      int updated =
          s.executeUpdate(
              "UPDATE webhook_endpoint\n"
                  + "   SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL,\n"
                  + "       updated_at = CURRENT_TIMESTAMP\n"
                  + " WHERE origin = '"
                  + badOrigin
                  + "'");
      assertThat(updated).isEqualTo(1);
    }
    await().atMost(WAIT).until(() -> "DELIVERED".equals(sql.status(waiting)));
    assertThat(attempts(List.of(waiting))).containsOnly(1);
    assertThat(events).hasSize(1);
  }

  @Test
  void anOriginThatSucceedsOnceWithinTheWindowIsNotDisabled() {
    List<EndpointDisabled> events = new CopyOnWriteArrayList<>();
    start("flaky", events);
    String badOrigin = UrlOrigins.of(bad.url("/"));
    UUID one = enqueue(bad.url("/hooks/1"));
    UUID two = enqueue(bad.url("/hooks/2"));
    awaitAttempts(List.of(one, two), 1);

    AtomicInteger answered = new AtomicInteger();
    bad.respondWith(r -> answered.getAndIncrement() == 0 ? 200 : 503);
    clock.advance(Duration.ofMinutes(30));
    await()
        .atMost(WAIT)
        .until(() -> attempts(List.of(one, two)).stream().mapToInt(i -> i).sum() == 4);
    clock.advance(Duration.ofMinutes(31));
    UUID three = enqueue(bad.url("/hooks/3"));
    Instant lastFailure = clock.instant();
    await()
        .atMost(WAIT)
        .until(
            () ->
                new Endpoints(db.dataSource(), clock)
                    .find(badOrigin)
                    .map(EndpointView::lastFailureAt)
                    .filter(at -> !at.isBefore(lastFailure))
                    .isPresent());

    // Failing for more than the threshold since the first failure, but not since the success.
    EndpointMaintenance maintenance = new EndpointMaintenance(db.dataSource(), clock);
    assertThat(maintenance.disableFailing(DISABLE_AFTER)).isEmpty();
    EndpointView view = new Endpoints(db.dataSource(), clock).find(badOrigin).orElseThrow();
    assertThat(view.state()).isEqualTo(EndpointView.State.FAILING);
    assertThat(view.lastSuccessAt()).isNotNull();
    assertThat(view.failingSince()).isAfterOrEqualTo(view.lastSuccessAt());
    assertThat(events).isEmpty();
    assertThat(sql.status(three)).isEqualTo("PENDING");
  }

  @Test
  void healthyTrafficWritesOneHealthReportPerOriginNotOnePerDelivery() {
    CountingStore store = new CountingStore(new JdbcOutboxStore(db.dataSource()));
    WebhookRunner runner =
        configured(
                TestRunners.fast(store, db.dataSource(), "cost-" + UUID.randomUUID()),
                new CopyOnWriteArrayList<>())
            .build();
    runner.start();
    runners.add(runner);
    TestReceiver other = new TestReceiver();
    try {
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ids.add(enqueue((i % 2 == 0 ? good : other).url("/hooks/" + i)));
      }
      await()
          .atMost(WAIT)
          .until(
              () ->
                  sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'")
                      == 300);
      await().atMost(WAIT).until(() -> store.healthReports.sum() == 2);
      assertThat(store.healthCalls.sum()).isBetween(1L, 2L);
      assertThat(store.parkCalls.sum()).isZero();
      assertThat(sql.count("SELECT count(*) FROM webhook_endpoint WHERE failing_since IS NULL"))
          .isEqualTo(2);
    } finally {
      other.close();
    }
  }

  private WebhookRunner start(String name, List<EndpointDisabled> events) {
    WebhookRunner runner = builder(name, events).build();
    runner.start();
    runners.add(runner);
    return runner;
  }

  private WebhookRunner.Builder builder(String name, List<EndpointDisabled> events) {
    return configured(
        TestRunners.fast(
            db.dataSource(), name + "-" + UUID.randomUUID().toString().substring(0, 8)),
        events);
  }

  private WebhookRunner.Builder configured(
      WebhookRunner.Builder builder, List<EndpointDisabled> events) {
    return builder
        .clock(clock)
        .options(
            TestRunners.options(
                RetryPolicy.builder()
                    .maxAttempts(100)
                    .initialDelay(Duration.ofMinutes(1))
                    .multiplier(1)
                    .jitter(0)
                    .maxAge(Duration.ofDays(30))
                    .build()))
        // The circuit breaker stays out of the way: this is about days, not seconds.
        .endpointSettings(
            new EndpointSettings(100, Duration.ofMillis(100), 1000, Duration.ofSeconds(1)))
        .endpointHealth(
            EndpointHealthSettings.defaults()
                .withDisableAfter(DISABLE_AFTER)
                .withCheckInterval(Duration.ofMillis(100))
                .withReportInterval(Duration.ofMinutes(1)))
        .endpointListener(events::add);
  }

  /**
   * Counts the endpoint calls the dispatch loop makes into the real store: a decorator that
   * implements the endpoint capability itself and forwards the lookup of every other one.
   */
  static final class CountingStore implements OutboxStore, EndpointRegistry {
    final OutboxStore delegate;
    final EndpointRegistry endpoints;
    final LongAdder healthCalls = new LongAdder();
    final LongAdder healthReports = new LongAdder();
    final LongAdder parkCalls = new LongAdder();

    CountingStore(OutboxStore delegate) {
      this.delegate = delegate;
      this.endpoints = delegate.capability(EndpointRegistry.class).orElseThrow();
    }

    @Override
    public <C> Optional<C> capability(Class<C> type) {
      return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.capability(type);
    }

    @Override
    public List<ClaimedDelivery> claimDue(
        String runnerId, int limit, Instant now, Instant leaseUntil) {
      return delegate.claimDue(runnerId, limit, now, leaseUntil);
    }

    @Override
    public int recordOutcomes(String runnerId, List<AttemptOutcome> outcomes, Instant now) {
      return delegate.recordOutcomes(runnerId, outcomes, now);
    }

    @Override
    public ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
      return delegate.releaseExpiredLeases(now, maxLostLeases);
    }

    @Override
    public int releaseClaims(String runnerId, Collection<UUID> ids, Instant dueAt, Instant now) {
      return delegate.releaseClaims(runnerId, ids, dueAt, now);
    }

    @Override
    public void recordEndpointHealth(List<EndpointHealth> reports, Instant now) {
      healthCalls.increment();
      healthReports.add(reports.size());
      endpoints.recordEndpointHealth(reports, now);
    }

    @Override
    public Set<String> disabledOrigins() {
      return endpoints.disabledOrigins();
    }

    @Override
    public int parkClaims(
        String runnerId, Collection<String> origins, Collection<UUID> ids, Instant now) {
      parkCalls.increment();
      return endpoints.parkClaims(runnerId, origins, ids, now);
    }

    @Override
    public List<EndpointDisabled> disableFailingEndpoints(Duration failingFor, Instant now) {
      return endpoints.disableFailingEndpoints(failingFor, now);
    }

    @Override
    public List<EndpointDisabled> claimUnnotifiedDisablements(Instant now, Instant leaseUntil) {
      return endpoints.claimUnnotifiedDisablements(now, leaseUntil);
    }

    @Override
    public void markDisablementNotified(EndpointDisabled disablement) {
      endpoints.markDisablementNotified(disablement);
    }

    @Override
    public int releaseParkedDeliveries(Instant now) {
      return endpoints.releaseParkedDeliveries(now);
    }
  }

  private UUID enqueue(String url) {
    return outbox.enqueueWithoutTransaction(
        db.dataSource(), WebhookRequest.builder(url, "completed").payload("{}").build());
  }

  private EndpointView.State state(String origin) {
    return new Endpoints(db.dataSource(), clock).find(origin).map(EndpointView::state).orElse(null);
  }

  private List<Integer> attempts(List<UUID> ids) {
    return ids.stream()
        .map(id -> ((Number) sql.delivery(id).get("attempt_count")).intValue())
        .toList();
  }

  private void awaitAttempts(List<UUID> ids, int attempts) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                ids.stream()
                    .allMatch(
                        id ->
                            "PENDING".equals(sql.status(id))
                                && ((Number) sql.delivery(id).get("attempt_count")).intValue()
                                    == attempts));
  }

  private void awaitParked(List<UUID> ids) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                ids.stream()
                    .allMatch(
                        id ->
                            sql.count(
                                    "SELECT count(*) FROM webhook_delivery WHERE id = ?"
                                        + " AND status = 'PENDING' AND next_attempt_at >= ?",
                                    id,
                                    EndpointRegistry.PARKED_UNTIL.atOffset(ZoneOffset.UTC))
                                == 1));
  }
}
