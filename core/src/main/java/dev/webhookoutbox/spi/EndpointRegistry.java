package dev.webhookoutbox.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Optional capability of an {@link OutboxStore} (see {@link OutboxStore#capability}): the health of
 * each endpoint (URL origin) as the runners report it, and which endpoints are disabled. Without
 * it, no endpoint is ever disabled and the runner says so at start; the per-runner circuit breaker
 * works either way.
 *
 * <p>The first three methods are the dispatch loop's; the others are the cluster's endpoint
 * maintenance, run by one runner at a time every few seconds (and safe on several at once: each
 * origin is disabled and notified once).
 */
public interface EndpointRegistry {

  /**
   * The {@code next_attempt_at} of a parked delivery: one whose endpoint is disabled. It stays
   * {@code PENDING} with its attempt count, and is made due again when the endpoint is enabled.
   */
  Instant PARKED_UNTIL = Instant.parse("9999-12-31T00:00:00Z");

  /**
   * Writes runners' reports about URL origins: a failure starts an origin's failing period (unless
   * one is running), a success ends it. Reports arrive rarely (on changes, and repeated at most
   * every few minutes per origin), in small batches.
   */
  void recordEndpointHealth(List<EndpointHealth> reports, Instant now);

  /** The origins ({@code scheme://host[:port]}) that are disabled now. */
  Set<String> disabledOrigins();

  /**
   * Gives claimed deliveries of disabled {@code origins} back without an attempt, parked at {@link
   * #PARKED_UNTIL}, and remembers that those origins have parked deliveries, so that they are
   * released when the origin is enabled again ({@link #releaseParkedDeliveries}).
   *
   * @return how many were parked
   */
  int parkClaims(
      String runnerId, Collection<String> origins, Collection<UUID> deliveryIds, Instant now);

  /**
   * Disables every enabled origin whose reported failures span at least {@code failingFor} with no
   * success since the first: its first and its latest failure are that far apart. An origin that
   * failed once and then saw no traffic is not disabled.
   *
   * @return the origins this call disabled
   */
  List<EndpointDisabled> disableFailingEndpoints(Duration failingFor, Instant now);

  /**
   * Leases the disablements whose {@link EndpointListener} was not called yet until {@code
   * leaseUntil}, skipping those another runner holds, so that no other runner calls the listener
   * for them meanwhile.
   *
   * @return the disablements now leased to the caller
   */
  List<EndpointDisabled> claimUnnotifiedDisablements(Instant now, Instant leaseUntil);

  /**
   * Marks a disablement whose listener returned normally, so that it is never offered again; a
   * disablement that is not marked is offered again after its lease.
   */
  void markDisablementNotified(EndpointDisabled disablement);

  /**
   * Makes the parked deliveries of every origin that was enabled again due now.
   *
   * @return how many deliveries were released
   */
  int releaseParkedDeliveries(Instant now);
}
