/**
 * The dispatch loop's API: {@link dev.webhookoutbox.dispatch.Dispatcher} (claim → send → record for
 * one runner, and the periodic work around it), its builder, and the settings records it takes. A
 * runner such as the quartz-runner module's {@code WebhookRunner} drives it; its implementation is
 * in {@code dev.webhookoutbox.internal}.
 */
package dev.webhookoutbox.dispatch;
