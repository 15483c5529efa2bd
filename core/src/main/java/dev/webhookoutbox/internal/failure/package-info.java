/**
 * Not API: telling the host about deliveries that failed for good and endpoints that were disabled,
 * at least once each.
 */
package dev.webhookoutbox.internal.failure;
