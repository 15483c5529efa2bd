/**
 * For store implementations: the pure planning behind an enqueue, which a store's enqueue path runs
 * before it writes. {@link dev.webhookoutbox.enqueue.EnqueuePlanner} classifies requests and plans
 * how an intermediate update joins its subject's waiting delivery ({@link
 * dev.webhookoutbox.enqueue.EnqueuePlan}) from the subject's newest delivery ({@link
 * dev.webhookoutbox.enqueue.SubjectHead}); the jdbc-store module's {@code WebhookOutbox} is its
 * user. No I/O; hosts that enqueue do not need this package.
 */
package dev.webhookoutbox.enqueue;
