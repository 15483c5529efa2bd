/**
 * Not API: the implementation of the dispatch loop, which only {@link dev.webhookoutbox.dispatch}
 * uses (an architecture test keeps every other module out). The data path reads from the package
 * names: {@code internal.claim} claims due rows and holds them ({@code InFlight}), {@code
 * internal.order} keeps each subject in order, {@code internal.send} signs and guards each POST per
 * endpoint, {@code internal.record} decides and writes each outcome, {@code internal.failure} tells
 * the host about failed deliveries and disabled endpoints. This package holds what they share:
 * runner ids, the library version, the ticker behind deadlines. Dependencies point one way: {@code
 * claim} → {@code order}, {@code send}, {@code record} → this package.
 */
package dev.webhookoutbox.internal;
