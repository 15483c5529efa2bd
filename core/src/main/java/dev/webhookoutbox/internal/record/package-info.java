/**
 * Not API: deciding each attempt's outcome by its retry preset, and writing outcomes in batches on
 * the recorder thread.
 */
package dev.webhookoutbox.internal.record;
