package dev.webhookoutbox;

/**
 * How the outbox treats an event type, as stored in {@code webhook_delivery.event_kind}. The host
 * decides which names fall in which kind ({@link EventTypes}); the kind travels with the row, so a
 * standalone runner treats the delivery the way the enqueuing app meant.
 */
public enum EventKind {
  /**
   * A progress update that carries the subject's whole latest state (e.g. {@code output}, {@code
   * logs}): updates for one subject are throttled and a waiting one is replaced by a newer one.
   */
  INTERMEDIATE,
  /**
   * The subject's final event (e.g. {@code completed}): never coalesced, never superseded, and
   * never overtaken by an older event of the same subject.
   */
  TERMINAL,
  /** Any other event (e.g. {@code start}): sent as enqueued, in order with its subject. */
  OTHER
}
