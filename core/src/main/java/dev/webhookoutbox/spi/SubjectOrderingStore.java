package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.List;

/**
 * Optional capability of an {@link OutboxStore} (see {@link OutboxStore#capability}): what the
 * dispatch loop needs to keep each subject's deliveries in order and its intermediate updates a
 * throttle window apart. Without it, every claimed delivery is sent as claimed, and the runner says
 * at start that subject ordering is off.
 */
public interface SubjectOrderingStore {

  /**
   * For each claimed delivery that has a subject and at least one other delivery of that subject,
   * what the others look like ({@link OrderingFacts}); one statement for the whole list. Claimed
   * deliveries without such neighbours are left out.
   */
  List<OrderingFacts> orderingFacts(List<ClaimedDelivery> claimed);

  /**
   * Gives claimed deliveries back without an attempt, in one transaction: held back until later, or
   * superseded. Applied only while the delivery is still leased to {@code runnerId}.
   *
   * @return how many were applied
   */
  int settle(String runnerId, List<Settlement> settlements, Instant now);
}
