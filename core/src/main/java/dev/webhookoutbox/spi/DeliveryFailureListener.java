package dev.webhookoutbox.spi;

/**
 * Told when a delivery failed for good (status {@code FAILED}), so that the host app can act on it:
 * mark the job failed, refund credits, alert the customer.
 *
 * <pre>{@code
 * WebhookRunner.builder(dataSource)
 *     .failureListener(failure -> billing.refund(failure.subject()))
 *     .build();
 * }</pre>
 *
 * <p>Called at least once per failed delivery, from one runner thread at a time, shortly after the
 * failure is recorded; also for failures recorded while no runner with a listener was up (within
 * the notification window). The delivery is marked notified ({@code failure_notified_at}) only
 * after this method returns: if it throws, or the process dies first, it is called again later, so
 * it must be idempotent (key on {@link FailedDelivery#id()}). It should be quick; slow work belongs
 * in the host's own queue.
 */
@FunctionalInterface
public interface DeliveryFailureListener {

  void onPermanentFailure(FailedDelivery failure) throws Exception;
}
