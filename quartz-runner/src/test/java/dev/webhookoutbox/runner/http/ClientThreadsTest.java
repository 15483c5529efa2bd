package dev.webhookoutbox.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the sender notices that its HTTP client's I/O threads are gone. Threads named like the
 * client's I/O reactor threads stand in for them: the client itself offers no way to kill one.
 */
class ClientThreadsTest {

  private final LinkedBlockingQueue<String> reported = new LinkedBlockingQueue<>();
  private final ClientThreads threads =
      new ClientThreads(
          "test-http", 2, (component, error) -> reported.add(component + ": " + error));

  @Test
  void anIoThreadDyingOfAnErrorIsReportedAtOnce() throws Exception {
    CountDownLatch die = new CountDownLatch(1);
    Thread reactor =
        threads.inside(
            () -> {
              Thread thread =
                  new Thread(
                      () -> {
                        awaitQuietly(die);
                        throw new OutOfMemoryError("Java heap space (test)");
                      },
                      "httpclient-dispatch-1");
              thread.start();
              return thread;
            });
    assertThat(reactor.getThreadGroup()).isSameAs(threads);
    die.countDown();

    assertThat(reported.poll(10, TimeUnit.SECONDS))
        .isEqualTo(
            "HTTP client thread httpclient-dispatch-1: java.lang.OutOfMemoryError: Java heap space"
                + " (test)");
    assertThat(threads.reactorAlive()).isFalse();
  }

  @Test
  void anIoThreadThatEndsQuietlyIsFoundByTheLivenessCheck() throws Exception {
    CountDownLatch end = new CountDownLatch(1);
    Thread first = threads.inside(() -> started("httpclient-dispatch-1", new CountDownLatch(1)));
    Thread second = threads.inside(() -> started("httpclient-dispatch-2", end));
    assertThat(threads.reactorAlive()).isTrue();

    end.countDown(); // HttpCore ends a reactor's loop this way after logging an exception
    second.join(10_000);

    assertThat(threads.reactorAlive()).isFalse();
    assertThat(reported.poll()).startsWith("HTTP client thread httpclient-dispatch-2:");
    assertThat(threads.reactorAlive()).isFalse();
    assertThat(reported).as("reported once").isEmpty();
    first.interrupt();
  }

  @Test
  void threadsEndingWhileTheClientClosesAreNotReported() throws Exception {
    CountDownLatch end = new CountDownLatch(1);
    Thread one = threads.inside(() -> started("httpclient-dispatch-1", end));
    Thread two = threads.inside(() -> started("httpclient-dispatch-2", end));
    assertThat(threads.reactorAlive()).isTrue();

    threads.closing();
    end.countDown();
    one.join(10_000);
    two.join(10_000);

    assertThat(threads.reactorAlive()).isTrue();
    assertThat(reported).isEmpty();
  }

  private static Thread started(String name, CountDownLatch end) {
    Thread thread = new Thread(() -> awaitQuietly(end), name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
