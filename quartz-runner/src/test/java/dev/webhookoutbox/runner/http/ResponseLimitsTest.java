package dev.webhookoutbox.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.runner.http.HostileReceiversTest.Behaviour;
import dev.webhookoutbox.runner.http.HostileReceiversTest.HostileServer;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.validation.UrlPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Receivers that answer without end, quickly: endless header lines, one endless header line or
 * status line, an endless body. Before the limits, the client kept every header line it read (a
 * runner with a 1 GiB heap died of it in seconds) and drained endless bodies for the whole total
 * timeout. Each attempt must now end long before the total timeout, with a recorded result, after
 * the client read little: the receivers count the bytes the client took off the socket (what they
 * wrote, less at most what the kernel's socket buffers hold).
 */
class ResponseLimitsTest {

  private static final Duration TOTAL = Duration.ofSeconds(10);
  // Far below the total timeout: a cut-off that waited for a timeout cannot pass.
  private static final Duration PROMPT = Duration.ofSeconds(4);
  // Hostile receivers stop by themselves after this much, so that a run on code without the limits
  // ends too (and does not exhaust the test JVM's heap).
  private static final long RECEIVER_CAP = 48L * 1024 * 1024;
  // What the kernel may buffer between the two sockets on loopback, on top of what the client read.
  private static final long SOCKET_BUFFERS = 12L * 1024 * 1024;
  private static final int MAX_EXCERPT = 1024;

  private final List<HostileServer> servers = new ArrayList<>();
  private HttpClientWebhookSender sender;

  @BeforeEach
  void startSender() {
    SenderSettings settings =
        SenderSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), TOTAL, TOTAL)
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
  void endlessHeaderLinesAreRefusedAfterTheHeaderCount() throws Exception {
    Counted receiver =
        counted(
            (out, written) -> {
              out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"));
              for (long i = 0; written.get() < RECEIVER_CAP; i++) {
                out.write(ascii("X-Filler-" + i + ": " + "v".repeat(40) + "\r\n"));
              }
            });
    AttemptResult result = sendPromptly(receiver);
    assertThat(result.statusCode()).isNull();
    assertThat(result.error().name()).isEqualTo("BAD_RESPONSE");
    assertThat(result.errorMessage()).contains("more than 100 header lines");
    receiver.assertClientReadLittle();
  }

  @Test
  void oneEndlessHeaderLineIsRefusedAtTheLineLimit() throws Exception {
    Counted receiver =
        counted(
            (out, written) -> {
              out.write(ascii("HTTP/1.1 200 OK\r\nX-Endless: "));
              byte[] chunk = filled(8192, 'a');
              while (written.get() < RECEIVER_CAP) {
                out.write(chunk);
              }
            });
    AttemptResult result = sendPromptly(receiver);
    assertThat(result.statusCode()).isNull();
    assertThat(result.error().name()).isEqualTo("BAD_RESPONSE");
    assertThat(result.errorMessage()).contains("longer than 8192 bytes");
    receiver.assertClientReadLittle();
  }

  @Test
  void anEndlessStatusLineIsRefusedAtTheLineLimit() throws Exception {
    Counted receiver =
        counted(
            (out, written) -> {
              out.write(ascii("HTTP/1.1 200 O"));
              byte[] chunk = filled(8192, 'K');
              while (written.get() < RECEIVER_CAP) {
                out.write(chunk);
              }
            });
    AttemptResult result = sendPromptly(receiver);
    assertThat(result.error().name()).isEqualTo("BAD_RESPONSE");
    receiver.assertClientReadLittle();
  }

  @Test
  void aMalformedStatusLineIsARetryableBadResponse() throws Exception {
    Counted receiver = counted((out, written) -> out.write(ascii("SMTP ready\r\n\r\n")));
    AttemptResult result = sendPromptly(receiver);
    assertThat(result.error().name()).isEqualTo("BAD_RESPONSE");
    assertThat(result.error().isTransient()).isTrue();
    assertThat(result.errorMessage()).contains("malformed");
  }

  @Test
  void anEndlessBodyIsReadUpToTheBodyLimitAndTheStatusDecides() throws Exception {
    Counted receiver = counted(ResponseLimitsTest::endlessBody200);
    AttemptResult result = sendPromptly(receiver);
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.responseExcerpt()).startsWith("AAAA").hasSizeLessThanOrEqualTo(MAX_EXCERPT);
    assertThat(result.errorMessage()).contains("body cut off after");
    receiver.assertClientReadLittle();
  }

  @Test
  void aServerErrorWithAHugeBodyIsStillAServerError() throws Exception {
    Counted receiver =
        counted(
            (out, written) -> {
              out.write(ascii("HTTP/1.1 503 Busy\r\nContent-Length: 1073741824\r\n\r\n"));
              byte[] chunk = filled(8192, 'B');
              while (written.get() < RECEIVER_CAP) {
                out.write(chunk);
              }
            });
    AttemptResult result = sendPromptly(receiver);
    assertThat(result.statusCode()).isEqualTo(503);
    assertThat(result.isSuccess()).isFalse();
    receiver.assertClientReadLittle();
  }

  private static void endlessBody200(OutputStream out, AtomicLong written) throws IOException {
    out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"));
    byte[] chunk = filled(8192, 'A');
    while (written.get() < RECEIVER_CAP) {
      out.write(chunk);
    }
  }

  private AttemptResult sendPromptly(Counted receiver) throws Exception {
    AttemptResult result =
        sender
            .send(HttpClientWebhookSenderTest.request(receiver.server.url()))
            .get(TOTAL.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    assertThat(result.duration()).as("attempt duration").isLessThan(PROMPT);
    return result;
  }

  private Counted counted(Response response) throws IOException {
    Counted counted = new Counted(response);
    counted.server = new HostileServer(counted);
    servers.add(counted.server);
    return counted;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] filled(int length, char c) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  /** What a receiver writes; {@code written} counts the bytes the socket accepted so far. */
  @FunctionalInterface
  interface Response {
    void write(OutputStream out, AtomicLong written) throws IOException;
  }

  /** A receiver that counts what it wrote and stops writing when the client closes. */
  private static final class Counted implements Behaviour {
    final AtomicLong written = new AtomicLong();
    private final Response response;
    HostileServer server;

    Counted(Response response) {
      this.response = response;
    }

    @Override
    public void serve(Socket socket, HostileServer server) throws IOException {
      socket.setSendBufferSize(64 * 1024);
      OutputStream raw = socket.getOutputStream();
      OutputStream out =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              raw.write(b);
              written.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              raw.write(b, off, len);
              written.addAndGet(len);
            }
          };
      response.write(out, written);
      out.flush();
    }

    /** The client closed the connection and had taken at most a few socket buffers' worth. */
    void assertClientReadLittle() throws Exception {
      assertThat(server.closedByClient.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(written.get())
          .as("bytes the receiver wrote before the client closed")
          .isLessThan(SOCKET_BUFFERS);
    }
  }
}
