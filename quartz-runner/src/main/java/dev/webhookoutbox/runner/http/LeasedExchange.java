package dev.webhookoutbox.runner.http;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.ComplexFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncClientEndpoint;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;

/**
 * One exchange on a connection leased by hand, so that cancelling it really stops it. The minimal
 * client's own {@code execute} future can only cancel the lease: once the request runs, a cancelled
 * exchange keeps its connection, and an endless or trickling body keeps streaming into it. Here
 * cancelling (the total deadline) closes the connection, or gives up the pending lease.
 */
final class LeasedExchange<T> implements Cancellable {

  private final ComplexFuture<T> future;
  private final AtomicReference<AsyncClientEndpoint> endpoint = new AtomicReference<>();
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile Future<AsyncClientEndpoint> lease;

  private LeasedExchange(FutureCallback<T> callback) {
    this.future = new ComplexFuture<>(callback);
  }

  /**
   * Leases a connection to {@code target} and runs the exchange on it.
   *
   * @return a future whose {@code cancel} closes the connection; {@code callback} hears the outcome
   */
  static <T> Future<T> start(
      MinimalHttpAsyncClient client,
      HttpHost target,
      AsyncRequestProducer producer,
      AsyncResponseConsumer<T> consumer,
      FutureCallback<T> callback) {
    LeasedExchange<T> exchange = new LeasedExchange<>(callback);
    exchange.future.setDependency(exchange);
    exchange.lease = client.lease(target, exchange.onLeased(producer, consumer));
    return exchange.future;
  }

  private FutureCallback<AsyncClientEndpoint> onLeased(
      AsyncRequestProducer producer, AsyncResponseConsumer<T> consumer) {
    return new FutureCallback<>() {
      @Override
      public void completed(AsyncClientEndpoint leased) {
        endpoint.set(leased);
        if (future.isDone()) {
          release(false); // the deadline passed while waiting for a connection
          return;
        }
        try {
          leased.execute(producer, consumer, HttpClientContext.create(), onResponse());
        } catch (RuntimeException e) {
          release(false);
          future.failed(e);
        }
      }

      @Override
      public void failed(Exception failure) {
        future.failed(failure);
      }

      @Override
      public void cancelled() {
        future.cancel();
      }
    };
  }

  private FutureCallback<T> onResponse() {
    return new FutureCallback<>() {
      @Override
      public void completed(T result) {
        release(true);
        future.completed(result);
      }

      @Override
      public void failed(Exception failure) {
        release(false);
        future.failed(failure);
      }

      @Override
      public void cancelled() {
        release(false);
        future.cancel();
      }
    };
  }

  /** Gives up the lease if still pending, and closes the connection if one was leased. */
  @Override
  public boolean cancel() {
    Future<AsyncClientEndpoint> pending = lease;
    if (pending != null) {
      pending.cancel(true);
    }
    release(false);
    return true;
  }

  private void release(boolean reuse) {
    AsyncClientEndpoint leased = endpoint.get();
    if (leased != null && released.compareAndSet(false, true)) {
      if (reuse) {
        leased.releaseAndReuse();
      } else {
        leased.releaseAndDiscard();
      }
    }
  }
}
