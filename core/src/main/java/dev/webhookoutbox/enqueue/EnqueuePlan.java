package dev.webhookoutbox.enqueue;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.WebhookRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What one enqueue call writes: new rows, bodies replaced in waiting rows, and the delivery id each
 * request ends up in ({@code null} where nothing is recorded).
 *
 * @param inserts new rows, in request order
 * @param coalescings waiting rows whose body is replaced by a newer intermediate update
 * @param ids per request, the delivery that carries it, or {@code null} if it is not recorded
 */
public record EnqueuePlan(List<NewDelivery> inserts, List<Coalescing> coalescings, List<UUID> ids) {

  public EnqueuePlan {
    inserts = List.copyOf(inserts);
    coalescings = List.copyOf(coalescings);
    ids = Collections.unmodifiableList(new ArrayList<>(ids));
  }

  /**
   * A row to insert.
   *
   * @param id the new delivery id
   * @param request the request whose content the row carries (the latest one folded into it)
   * @param kind the event kind stored on the row
   * @param createdAt the enqueue time, unique within one call so that it orders the batch
   * @param dueAt the first {@code next_attempt_at}; later than now for a throttled update
   */
  public record NewDelivery(
      UUID id, WebhookRequest request, EventKind kind, Instant createdAt, Instant dueAt) {

    public NewDelivery {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(dueAt, "dueAt");
    }

    NewDelivery carrying(WebhookRequest newer) {
      return new NewDelivery(id, newer, kind, createdAt, dueAt);
    }
  }

  /**
   * A waiting intermediate row whose body a newer update replaces (latest state wins).
   *
   * @param targetId the waiting row
   * @param request the newest request folded into it
   * @param enqueuedAt the enqueue time of the first request of this call folded into it: the
   *     enqueue time of the row that replaces it if a runner claims it first
   */
  public record Coalescing(UUID targetId, WebhookRequest request, Instant enqueuedAt) {

    public Coalescing {
      Objects.requireNonNull(targetId, "targetId");
      Objects.requireNonNull(request, "request");
      Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }
  }
}
