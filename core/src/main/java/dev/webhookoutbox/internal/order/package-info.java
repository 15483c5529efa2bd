/**
 * Not API: keeping each subject's deliveries in order and its intermediate updates a throttle
 * window apart, between claim and send.
 */
package dev.webhookoutbox.internal.order;
