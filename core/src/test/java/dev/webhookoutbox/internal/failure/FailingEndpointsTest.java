package dev.webhookoutbox.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.spi.EndpointDisabled;
import dev.webhookoutbox.spi.EndpointHealth;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.time.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The endpoint work of a cluster: disable, tell the listener at least once per disablement, release
 * the parked deliveries of enabled origins.
 */
class FailingEndpointsTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration DISABLE_AFTER = Duration.ofDays(5);

  final SettableClock clock = new SettableClock(T0);
  final FakeRegistry registry = new FakeRegistry();

  @Test
  void eachStepRunsWithTheClocksTimeAndTheListenerIsToldOnce() {
    registry.failing.add("https://a.example.com");
    List<String> told = new ArrayList<>();
    FailingEndpoints endpoints =
        new FailingEndpoints(registry, true, DISABLE_AFTER, e -> told.add(e.origin()), clock);

    endpoints.run();
    clock.advance(Duration.ofMinutes(10));
    endpoints.run();

    assertThat(registry.disableCalls).containsExactly(T0, T0.plus(Duration.ofMinutes(10)));
    assertThat(told).containsExactly("https://a.example.com");
    assertThat(registry.releaseCalls).hasSize(2);
  }

  @Test
  void aListenerThatThrowsIsCalledAgainAfterItsLeaseAndDoesNotHoldBackOthers() {
    registry.failing.add("https://bad.example.com");
    registry.failing.add("https://good.example.com");
    List<String> told = new ArrayList<>();
    FailingEndpoints endpoints =
        new FailingEndpoints(
            registry,
            true,
            DISABLE_AFTER,
            e -> {
              told.add(e.origin());
              if (e.origin().contains("bad") && told.size() == 1) {
                throw new IllegalStateException("mailer is down");
              }
            },
            clock);

    endpoints.run();
    assertThat(registry.notified).containsOnlyKeys("https://good.example.com");
    endpoints.run(); // still leased
    clock.advance(FailingEndpoints.NOTIFY_LEASE.plusSeconds(1));
    endpoints.run();

    assertThat(told)
        .containsExactly(
            "https://bad.example.com", "https://good.example.com", "https://bad.example.com");
    assertThat(registry.notified)
        .containsOnlyKeys("https://good.example.com", "https://bad.example.com");
  }

  @Test
  void withoutAutoDisableOrListenerOnlyParkedDeliveriesAreReleased() {
    registry.failing.add("https://a.example.com");

    new FailingEndpoints(registry, false, DISABLE_AFTER, null, clock).run();

    assertThat(registry.disableCalls).isEmpty();
    assertThat(registry.claimCalls).isZero();
    assertThat(registry.releaseCalls).containsExactly(T0);
  }

  /** Disables what is failing, and leases disablements to notify like the SQL store does. */
  static final class FakeRegistry implements EndpointRegistry {
    final List<String> failing = new ArrayList<>();
    final Map<String, EndpointDisabled> disabled = new LinkedHashMap<>();
    final Map<String, Instant> leasedUntil = new LinkedHashMap<>();
    final Map<String, EndpointDisabled> notified = new LinkedHashMap<>();
    final List<Instant> disableCalls = new ArrayList<>();
    final List<Instant> releaseCalls = new ArrayList<>();
    int claimCalls;

    @Override
    public void recordEndpointHealth(List<EndpointHealth> reports, Instant now) {}

    @Override
    public Set<String> disabledOrigins() {
      return disabled.keySet();
    }

    @Override
    public int parkClaims(
        String runnerId, Collection<String> origins, Collection<UUID> ids, Instant now) {
      return 0;
    }

    @Override
    public List<EndpointDisabled> disableFailingEndpoints(Duration failingFor, Instant now) {
      disableCalls.add(now);
      List<EndpointDisabled> newly = new ArrayList<>();
      for (String origin : failing) {
        if (!disabled.containsKey(origin)) {
          EndpointDisabled event =
              new EndpointDisabled(origin, now.minus(failingFor), now, "HTTP 503", now, "failing");
          disabled.put(origin, event);
          newly.add(event);
        }
      }
      return newly;
    }

    @Override
    public List<EndpointDisabled> claimUnnotifiedDisablements(Instant now, Instant leaseUntil) {
      claimCalls++;
      List<EndpointDisabled> claimed = new ArrayList<>();
      for (EndpointDisabled event : disabled.values()) {
        Instant lease = leasedUntil.get(event.origin());
        if (!notified.containsKey(event.origin()) && (lease == null || lease.isBefore(now))) {
          leasedUntil.put(event.origin(), leaseUntil);
          claimed.add(event);
        }
      }
      return claimed;
    }

    @Override
    public void markDisablementNotified(EndpointDisabled disablement) {
      notified.put(disablement.origin(), disablement);
    }

    @Override
    public int releaseParkedDeliveries(Instant now) {
      releaseCalls.add(now);
      return 0;
    }
  }
}
