/**
 * Not API: the claiming thread (ClaimLoop) and what it owns: the in-flight ledger, the wake-up
 * signals, the per-origin lanes, the attempts it starts, the claims it gives back, lease recovery,
 * and the reporting of recorded outcomes.
 */
package dev.webhookoutbox.internal.claim;
