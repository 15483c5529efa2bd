package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Where deliveries live between enqueue and their final status. The dispatch loop calls it from one
 * claiming thread and one recording thread; implementations must be thread-safe.
 *
 * <p>Every method is a short transaction of its own, batched over many deliveries: a claim is one
 * statement for up to {@code limit} rows, a record is one transaction for a whole batch.
 */
public interface OutboxStore {

  /**
   * The {@code next_attempt_at} of a parked delivery: one whose endpoint is disabled. It stays
   * {@code PENDING} with its attempt count, and is made due again when the endpoint is enabled.
   */
  Instant PARKED_UNTIL = Instant.parse("9999-12-31T00:00:00Z");

  /**
   * Atomically moves up to {@code limit} due {@code PENDING} deliveries to {@code IN_FLIGHT},
   * leased to {@code runnerId} until {@code leaseUntil}, oldest due first. Rows claimed by another
   * runner at the same moment are skipped, never returned twice.
   */
  List<ClaimedDelivery> claimDue(String runnerId, int limit, Instant now, Instant leaseUntil);

  /**
   * Writes one attempt row per outcome and applies each outcome's status, in one transaction. A
   * status is only applied while the delivery is still leased to {@code runnerId}; the attempt row
   * is written either way, because the POST did happen.
   *
   * @return how many deliveries had lost their lease and kept the status another runner gave them
   */
  int recordOutcomes(String runnerId, List<AttemptOutcome> outcomes, Instant now);

  /**
   * Makes {@code IN_FLIGHT} rows whose lease ended before {@code now} due again, and counts the
   * lost claim on each row. A row whose claims ended this way {@code maxLostLeases} times in a row,
   * with no attempt outcome recorded in between ({@link #recordOutcomes} resets the count; claims
   * given back through {@link #releaseClaims}, {@link #settle} or {@link #parkClaims} neither count
   * nor reset), is failed for good instead: {@code FAILED}, poisoned, with a {@code last_error}
   * that starts with {@code POISONED:}, and offered to the failure listener like any other failure.
   * Replaying it starts a new count.
   */
  ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases);

  /**
   * Gives claimed rows back without an attempt, due again at {@code dueAt}: at shutdown (due now),
   * or postponed because their endpoint is busy or its circuit is open.
   */
  int releaseClaims(String runnerId, Collection<UUID> deliveryIds, Instant dueAt, Instant now);

  /**
   * For each claimed delivery that has a subject and at least one other delivery of that subject,
   * what the others look like ({@link OrderingFacts}); one statement for the whole list. Claimed
   * deliveries without such neighbours are left out. A store that does not support subject ordering
   * returns an empty list, and every delivery is sent as claimed.
   */
  default List<OrderingFacts> orderingFacts(List<ClaimedDelivery> claimed) {
    return List.of();
  }

  /**
   * Gives claimed deliveries back without an attempt, in one transaction: held back until later, or
   * superseded. Applied only while the delivery is still leased to {@code runnerId}.
   *
   * @return how many were applied
   */
  default int settle(String runnerId, List<Settlement> settlements, Instant now) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support subject ordering");
  }

  /**
   * Leases up to {@code limit} {@code FAILED} deliveries whose failure listener has not been called
   * yet ({@code failure_notified_at} unset) and that failed at or after {@code failedSince}, to
   * {@code runnerId} until {@code leaseUntil}, skipping ones another runner holds. The default
   * finds none.
   */
  default List<FailedDelivery> claimUnnotifiedFailures(
      String runnerId, int limit, Instant now, Instant leaseUntil, Instant failedSince) {
    return List.of();
  }

  /**
   * Marks failures whose listener returned normally, so they are never claimed again. Applied only
   * to rows still leased to {@code runnerId}.
   */
  default int markFailuresNotified(String runnerId, Collection<UUID> deliveryIds, Instant now) {
    return 0;
  }

  /**
   * Writes runners' reports about URL origins: a failure starts an origin's failing period (unless
   * one is running), a success ends it. Reports arrive rarely (on changes, and repeated at most
   * every few minutes per origin), in small batches. The default ignores them.
   */
  default void recordEndpointHealth(List<EndpointHealth> reports, Instant now) {}

  /** The origins ({@code scheme://host[:port]}) that are disabled now. The default has none. */
  default Set<String> disabledOrigins() {
    return Set.of();
  }

  /**
   * Gives claimed deliveries of disabled {@code origins} back without an attempt, parked at {@link
   * #PARKED_UNTIL}, and remembers that those origins have parked deliveries, so that they are
   * released when the origin is enabled again.
   *
   * @return how many were parked
   */
  default int parkClaims(
      String runnerId, Collection<String> origins, Collection<UUID> deliveryIds, Instant now) {
    return releaseClaims(runnerId, deliveryIds, PARKED_UNTIL, now);
  }
}
