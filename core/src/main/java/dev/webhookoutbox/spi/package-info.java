/**
 * The interfaces a user may implement or replace, and the values they exchange with the dispatch
 * loop: where deliveries are stored ({@link dev.webhookoutbox.spi.OutboxStore}, the core contract,
 * with optional capabilities such as {@link dev.webhookoutbox.spi.FailureLedger} that the runner
 * discovers through {@link dev.webhookoutbox.spi.OutboxStore#capability}), how a POST is made
 * ({@link dev.webhookoutbox.spi.WebhookSender}), who is told about permanent failures ({@link
 * dev.webhookoutbox.spi.DeliveryFailureListener}) and about disabled endpoints ({@link
 * dev.webhookoutbox.spi.EndpointListener}).
 */
package dev.webhookoutbox.spi;
