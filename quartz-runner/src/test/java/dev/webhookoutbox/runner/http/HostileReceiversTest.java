package dev.webhookoutbox.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.validation.UrlPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Receivers that never finish: a body that trickles on, one byte per second, no answer at all. Each
 * attempt must end within the total timeout, keep at most {@code maxExcerptBytes} of what it read,
 * and not hold up deliveries to other receivers meanwhile. (Receivers that answer too much, fast,
 * are {@link ResponseLimitsTest}'s.)
 */
class HostileReceiversTest {

  private static final Duration TOTAL = Duration.ofSeconds(2);
  private static final Duration SLACK = Duration.ofMillis(1500);
  private static final int MAX_EXCERPT = 1024;

  private final List<HostileServer> servers = new ArrayList<>();
  private HttpClientWebhookSender sender;

  @BeforeEach
  void startSender() {
    // The response timeout is longer than the total one: only the total deadline can stop a
    // receiver that keeps trickling bytes.
    SenderSettings settings =
        SenderSettings.defaults()
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), TOTAL)
            .withMaxExcerptBytes(MAX_EXCERPT);
    sender =
        new HttpClientWebhookSender(
            settings,
            UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build(),
            Clock.systemUTC());
  }

  @AfterEach
  void stopAll() {
    sender.close();
    servers.forEach(HostileServer::close);
  }

  @Test
  void aTricklingBodyIsCutOffAtTheTotalTimeoutWithACappedExcerpt() throws Exception {
    HostileServer endless = start(HostileReceiversTest::tricklingBody);
    AttemptResult result = sendAndTime(endless);
    assertThat(result.error()).isEqualTo(AttemptError.TIMEOUT);
    assertThat(result.errorMessage()).contains("total timeout").contains("after HTTP 200");
    assertThat(result.responseExcerpt()).isNotNull().startsWith("AAAA");
    assertThat(result.responseExcerpt().length()).isLessThanOrEqualTo(MAX_EXCERPT);
    assertClosedByClient(endless);
  }

  @Test
  void aReceiverAnsweringOneBytePerSecondIsCutOffAtTheTotalTimeout() throws Exception {
    HostileServer server = start(HostileReceiversTest::oneBytePerSecond);
    AttemptResult result = sendAndTime(server);
    assertThat(result.error()).isEqualTo(AttemptError.TIMEOUT);
    assertThat(result.responseExcerpt()).isNull();
    assertClosedByClient(server);
  }

  @Test
  void aReceiverThatNeverAnswersIsCutOffAtTheTotalTimeout() throws Exception {
    HostileServer server = start(HostileReceiversTest::neverAnswer);
    AttemptResult result = sendAndTime(server);
    assertThat(result.error()).isEqualTo(AttemptError.TIMEOUT);
    assertThat(result.errorMessage()).contains("total timeout of 2000 ms");
    assertClosedByClient(server);
  }

  @Test
  void otherReceiversAreServedWhileHostileOnesHang() throws Exception {
    List<CompletableFuture<AttemptResult>> hostile = new ArrayList<>();
    for (Behaviour behaviour :
        List.<Behaviour>of(
            HostileReceiversTest::tricklingBody,
            HostileReceiversTest::oneBytePerSecond,
            HostileReceiversTest::neverAnswer)) {
      HostileServer server = start(behaviour);
      hostile.add(sender.send(HttpClientWebhookSenderTest.request(server.url())));
    }
    HttpServer good =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    good.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    good.start();
    try {
      String url = "http://127.0.0.1:" + good.getAddress().getPort() + "/hook";
      AttemptResult delivered =
          sender.send(HttpClientWebhookSenderTest.request(url)).get(1, TimeUnit.SECONDS);
      assertThat(delivered.statusCode()).isEqualTo(204);
      assertThat(hostile).noneMatch(CompletableFuture::isDone);
    } finally {
      good.stop(0);
    }
    for (CompletableFuture<AttemptResult> attempt : hostile) {
      AttemptResult result = attempt.get(TOTAL.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
      assertThat(result.error()).isEqualTo(AttemptError.TIMEOUT);
    }
  }

  /**
   * The sender closed the connection, rather than leaving it to stream or hang: a cut-off receiver
   * must not keep a pooled connection busy.
   */
  private static void assertClosedByClient(HostileServer server) throws Exception {
    assertThat(server.closedByClient.get(SLACK.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  /** Sends to the server and checks the attempt ended within the total timeout plus slack. */
  private AttemptResult sendAndTime(HostileServer server) throws Exception {
    long start = System.nanoTime();
    AttemptResult result =
        sender
            .send(HttpClientWebhookSenderTest.request(server.url()))
            .get(TOTAL.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(elapsed).isLessThan(TOTAL.plus(SLACK));
    assertThat(result.duration()).isLessThan(TOTAL.plus(SLACK));
    assertThat(server.requests.get(1, TimeUnit.SECONDS)).startsWith("POST /hook");
    return result;
  }

  private HostileServer start(Behaviour behaviour) throws IOException {
    HostileServer server = new HostileServer(behaviour);
    servers.add(server);
    return server;
  }

  /**
   * A body that never ends and never pauses long enough for the response timeout: 64 bytes every 20
   * ms, more than the excerpt within the total timeout, far less than the body limit.
   */
  private static void tricklingBody(Socket socket, HostileServer server)
      throws IOException, InterruptedException {
    OutputStream out = socket.getOutputStream();
    out.write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = new byte[64];
    Arrays.fill(chunk, (byte) 'A');
    while (true) {
      out.write(chunk); // until the client closes the connection
      out.flush();
      Thread.sleep(20); // pacing the receiver, not waiting for a condition
    }
  }

  private static void oneBytePerSecond(Socket socket, HostileServer server) throws IOException {
    byte[] response =
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    // Paces the bytes by waiting a second for the client to hang up, which also notices at once
    // when it does.
    socket.setSoTimeout(1000);
    for (byte b : response) {
      out.write(b);
      out.flush();
      try {
        if (in.read() < 0) {
          return;
        }
      } catch (SocketTimeoutException stillThere) {
        // one second passed: send the next byte
      }
    }
  }

  private static void neverAnswer(Socket socket, HostileServer server) throws IOException {
    // Keep the connection open and silent until the client gives up.
    while (socket.getInputStream().read() >= 0) {
      // discard
    }
  }

  @FunctionalInterface
  interface Behaviour {
    void serve(Socket socket, HostileServer server) throws IOException, InterruptedException;
  }

  /** A raw TCP server on 127.0.0.1 that reads a request, then misbehaves. */
  static final class HostileServer {
    final CompletableFuture<String> requests = new CompletableFuture<>();
    final CompletableFuture<Boolean> closedByClient = new CompletableFuture<>();
    private final ServerSocket socket;
    private final List<Socket> connections = new ArrayList<>();

    HostileServer(Behaviour behaviour) throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket connection = socket.accept();
                    synchronized (connections) {
                      connections.add(connection);
                    }
                    Thread handler =
                        new Thread(() -> handle(connection, behaviour), "hostile-handler");
                    handler.setDaemon(true);
                    handler.start();
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "hostile-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/hook";
    }

    private void handle(Socket connection, Behaviour behaviour) {
      try {
        requests.complete(readRequest(connection.getInputStream()));
        behaviour.serve(connection, this);
      } catch (IOException | InterruptedException ignored) {
        // the client hung up: that is what these receivers are waiting for
      }
      closedByClient.complete(true);
    }

    /** Reads the request head and a Content-Length body, so closing does not reset early. */
    private static String readRequest(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("request ended early");
        }
        head.append((char) b);
      }
      String text = head.toString();
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          in.readNBytes(Integer.parseInt(line.substring(15).trim()));
        }
      }
      return text;
    }

    void close() {
      try {
        socket.close();
        synchronized (connections) {
          for (Socket connection : connections) {
            connection.close();
          }
        }
      } catch (IOException ignored) {
        // best effort at teardown
      }
    }
  }
}
