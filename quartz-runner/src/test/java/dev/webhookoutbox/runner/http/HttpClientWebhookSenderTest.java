package dev.webhookoutbox.runner.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.validation.UrlPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against a real HTTP server on 127.0.0.1, under different URL policies. */
class HttpClientWebhookSenderTest {

  private static final UrlPolicy PLAIN_HTTP_ONLY = UrlPolicy.builder().allowPlainHttp(true).build();
  private static final UrlPolicy LOOPBACK_TESTS =
      UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build();

  private HttpServer server;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
  private volatile int status = 204;
  private volatile Map<String, String> responseHeaders = Map.of();
  private volatile byte[] responseBody = new byte[0];
  private HttpClientWebhookSender sender;

  @BeforeEach
  void startReceiver() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " webhook-id="
                  + exchange.getRequestHeaders().getFirst("webhook-id"));
          clientPorts.add(exchange.getRemoteAddress().getPort());
          responseHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          exchange.sendResponseHeaders(status, responseBody.length == 0 ? -1 : responseBody.length);
          if (responseBody.length > 0) {
            exchange.getResponseBody().write(responseBody);
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    if (sender != null) {
      sender.close();
    }
    server.stop(0);
  }

  @Test
  void theDefaultStrictPolicyRefusesALoopbackReceiverWhichGetsNothing() throws Exception {
    sender =
        new HttpClientWebhookSender(
            SenderSettings.defaults(), UrlPolicy.strict(), Clock.systemUTC());
    for (String url : List.of(url("/hook"), "https://127.0.0.1:" + port() + "/hook")) {
      AttemptResult result = send(url);
      assertThat(result.error()).as(url).isEqualTo(AttemptError.URL_REFUSED);
      assertThat(result.statusCode()).isNull();
    }
    assertThat(send(url("/hook")).errorMessage()).contains("plain http is not allowed");
    assertThat(send("https://127.0.0.1:" + port() + "/hook").errorMessage())
        .contains("127.0.0.1 is a loopback address");
    assertThat(received).isEmpty();
  }

  @Test
  void plainHttpAloneDoesNotOpenLoopback() throws Exception {
    sender = sender(PLAIN_HTTP_ONLY);
    AttemptResult literal = send(url("/hook"));
    AttemptResult byName = send("http://localhost:" + port() + "/hook");
    AttemptResult spelled = send("http://2130706433:" + port() + "/hook");
    assertThat(List.of(literal, byName, spelled))
        .allSatisfy(r -> assertThat(r.error()).isEqualTo(AttemptError.URL_REFUSED));
    assertThat(received).isEmpty();
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedAtConnectTime() throws Exception {
    sender =
        new HttpClientWebhookSender(
            fastSettings(),
            PLAIN_HTTP_ONLY,
            Clock.systemUTC(),
            host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
    AttemptResult result = send("http://receiver.test:" + port() + "/hook");
    assertThat(result.error()).isEqualTo(AttemptError.URL_REFUSED);
    assertThat(result.errorMessage())
        .startsWith("host receiver.test resolves to 127.0.0.1, a loopback address");
    assertThat(received).isEmpty();
  }

  @Test
  void allowlistedLoopbackWithPlainHttpIsDelivered() throws Exception {
    sender = sender(LOOPBACK_TESTS);
    AttemptResult result = send(url("/hook?team=7"));
    assertThat(result.statusCode()).isEqualTo(204);
    assertThat(result.isSuccess()).isTrue();
    assertThat(received).singleElement().asString().startsWith("POST /hook?team=7 webhook-id=");
  }

  @Test
  void theConnectionGoesToTheAddressThatWasChecked() throws Exception {
    // receiver.test exists nowhere but in this lookup: a 2xx proves the checked answer was used.
    sender =
        new HttpClientWebhookSender(
            fastSettings(),
            UrlPolicy.builder().allowPlainHttp(true).allowCidr("127.0.0.0/8").build(),
            Clock.systemUTC(),
            host -> new InetAddress[] {InetAddress.getLoopbackAddress()});
    AttemptResult result = send("http://receiver.test:" + port() + "/hook");
    assertThat(result.statusCode()).isEqualTo(204);
    assertThat(received).hasSize(1);
  }

  @Test
  void successiveAttemptsReuseTheKeptAliveConnection() throws Exception {
    sender = sender(LOOPBACK_TESTS);
    for (int i = 0; i < 3; i++) {
      assertThat(send(url("/hook")).statusCode()).isEqualTo(204);
    }
    assertThat(clientPorts).hasSize(3).containsOnly(clientPorts.get(0));
  }

  @Test
  void aRedirectIsTheOutcomeAndIsNotFollowed() throws Exception {
    sender = sender(LOOPBACK_TESTS);
    status = 302;
    responseHeaders = Map.of("Location", "http://169.254.169.254/latest/meta-data/");
    AttemptResult result = send(url("/hook"));
    assertThat(result.statusCode()).isEqualTo(302);
    assertThat(received).hasSize(1);
  }

  @Test
  void aLargeBinaryBodyIsStoredAsACappedSafeExcerpt() throws Exception {
    sender = sender(LOOPBACK_TESTS);
    status = 200;
    byte[] binary = new byte[100_000];
    new Random(7).nextBytes(binary);
    binary[0] = 0;
    responseBody = binary;
    AttemptResult result = send(url("/hook"));
    assertThat(result.statusCode()).isEqualTo(200);
    assertThat(result.responseExcerpt()).isNotNull().doesNotContain("\0");
    assertThat(result.responseExcerpt().length()).isLessThanOrEqualTo(512);
  }

  private HttpClientWebhookSender sender(UrlPolicy policy) {
    return new HttpClientWebhookSender(fastSettings(), policy, Clock.systemUTC());
  }

  static SenderSettings fastSettings() {
    return SenderSettings.defaults()
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3))
        .withMaxExcerptBytes(512);
  }

  private AttemptResult send(String url) throws Exception {
    return sender.send(request(url)).get(10, TimeUnit.SECONDS);
  }

  static OutgoingRequest request(String url) {
    UUID id = UUID.randomUUID();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/json");
    headers.put("webhook-id", id.toString());
    return new OutgoingRequest(
        id, URI.create(url), headers, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
  }

  private String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port() + pathAndQuery;
  }

  private int port() {
    return server.getAddress().getPort();
  }
}
