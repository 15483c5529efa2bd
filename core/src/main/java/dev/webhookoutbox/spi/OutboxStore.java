package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where deliveries live between enqueue and their final status: the core contract every store
 * implements. The dispatch loop calls it from one claiming thread and one recording thread;
 * implementations must be thread-safe.
 *
 * <p>Every method is a short transaction of its own, batched over many deliveries: a claim is one
 * statement for up to {@code limit} rows, a record is one transaction for a whole batch.
 *
 * <p>Everything else a runner can do with a store is an optional capability, an interface of its
 * own that the runner looks up with {@link #capability}: keeping each subject in order ({@link
 * SubjectOrderingStore}), telling the host about failures ({@link FailureLedger}), disabling
 * failing endpoints ({@link EndpointRegistry}), the retention purge ({@link RetentionPurge}) and
 * the plaintext-secrets check ({@link SecretsAtRest}). A store without one simply lacks that
 * feature, and the runner says so at start.
 *
 * <p>A decorating store (metrics, tracing) implements this interface, delegates its methods, and
 * forwards the lookup, so that the capabilities of the store it wraps stay visible:
 *
 * <pre>{@code
 * final class TimedStore implements OutboxStore {
 *   private final OutboxStore delegate;
 *   ...
 *   public <C> Optional<C> capability(Class<C> type) {
 *     return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.capability(type);
 *   }
 * }
 * }</pre>
 */
public interface OutboxStore {

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
   * given back through {@link #releaseClaims}, {@link SubjectOrderingStore#settle} or {@link
   * EndpointRegistry#parkClaims} neither count nor reset), is failed for good instead: {@code
   * FAILED}, poisoned, with a {@code last_error} that starts with {@code POISONED:}, and offered to
   * the failure listener like any other failure. Replaying it starts a new count.
   */
  ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases);

  /**
   * Gives claimed rows back without an attempt, due again at {@code dueAt}: at shutdown (due now),
   * or postponed because their endpoint is busy or its circuit is open.
   */
  int releaseClaims(String runnerId, Collection<UUID> deliveryIds, Instant dueAt, Instant now);

  /**
   * This store as the optional capability {@code type} (e.g. {@link FailureLedger}), or empty if it
   * has none. The default answers with {@code this} when it implements {@code type}; a decorator
   * forwards the question to the store it wraps for the capabilities it does not implement itself.
   */
  default <C> Optional<C> capability(Class<C> type) {
    Objects.requireNonNull(type, "type");
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }
}
