/** Time helpers: {@link dev.webhookoutbox.time.SettableClock}, a clock tests move by hand. */
package dev.webhookoutbox.time;
