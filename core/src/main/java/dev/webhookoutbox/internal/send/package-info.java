/**
 * Not API: turning a claimed delivery into a signed request, and guarding each endpoint (URL
 * origin): concurrency limit, circuit breaker, health reports.
 */
package dev.webhookoutbox.internal.send;
