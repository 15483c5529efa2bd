/**
 * The interfaces a user may implement or replace: where deliveries are stored ({@link
 * dev.webhookoutbox.spi.OutboxStore}), how a POST is made ({@link
 * dev.webhookoutbox.spi.WebhookSender}), who is told about permanent failures ({@link
 * dev.webhookoutbox.spi.DeliveryFailureListener}) and about disabled endpoints ({@link
 * dev.webhookoutbox.spi.EndpointListener}), and the values they exchange with the dispatch loop.
 */
package dev.webhookoutbox.spi;
