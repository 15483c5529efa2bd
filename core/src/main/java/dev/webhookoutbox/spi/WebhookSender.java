package dev.webhookoutbox.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Makes one POST without blocking the caller.
 *
 * <p>The returned future must complete normally for every network or HTTP problem, with an {@link
 * AttemptResult} describing it; completing exceptionally is reserved for bugs and is recorded as
 * {@link AttemptError#INTERNAL}.
 */
public interface WebhookSender extends AutoCloseable {

  CompletableFuture<AttemptResult> send(OutgoingRequest request);

  @Override
  void close();
}
