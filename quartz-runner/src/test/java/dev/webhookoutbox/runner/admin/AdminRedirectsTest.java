package dev.webhookoutbox.runner.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.jdbc.OutboxSchema;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every redirect of the deliveries page stays on the page: requests are written byte for byte on a
 * socket (no client normalises the target), and each {@code Location} must be one of the page's own
 * paths, never one a browser would resolve to another host ({@code /\evil.com}, {@code //evil.com})
 * or that splits the response.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminRedirectsTest {

  private static final String TOKEN = "redirect-test-token-0123456789";

  private AdminServer server;
  private UUID delivery;

  @BeforeAll
  void start() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:admin_redirects_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    OutboxSchema.migrate(dataSource);
    delivery =
        WebhookOutbox.builder()
            .build()
            .enqueueWithoutTransaction(
                dataSource,
                WebhookRequest.builder("https://example.com/hooks", "completed")
                    .payload("{}")
                    .build());
    server =
        AdminServer.start(new AdminSettings("127.0.0.1", 0, TOKEN), dataSource, Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/%5Cevil.com",
        "/%5C%5Cevil.com",
        "/%5c/evil.com",
        "/\\evil.com",
        "/\\/evil.com",
        "//evil.com",
        "///evil.com",
        "/%2F%2Fevil.com",
        "/%2Fevil.com",
        "/%2F%5Cevil.com",
        "/%09/evil.com",
        "/%0D%0ALocation:%20https://evil.com/",
        "/%0d%0aSet-Cookie:%20webhook_admin=attacker",
        "/%0A/evil.com",
        "/.%2E/%2E%2E/evil.com",
        "/@evil.com",
        "/%40evil.com",
        "/%E2%80%AE/moc.live",
        "/deliveries/..%5C..%5Cevil.com",
        "http://evil.com/",
        "http://evil.com//evil.com"
      })
  void loginLinksRedirectToThePageWhateverThePath(String path) throws Exception {
    Response response = get(path + "?token=" + TOKEN);
    if (response.status() == 303) {
      assertThat(response.locations()).as(path).containsExactly("/");
    } else {
      // The JDK's server refuses some raw targets itself (400, or 404 for an authority-form
      // target that no context matches), before the page sees them.
      assertThat(response.status()).as(path).isIn(400, 404);
      assertThat(response.locations()).as(path).isEmpty();
    }
    assertThat(response.head()).as(path).doesNotContainIgnoringCase("evil");
    assertThat(response.head()).as(path).doesNotContain("attacker");
  }

  @Test
  void loginLinksKeepTheListFiltersAndNothingElse() throws Exception {
    Response response =
        get(
            "/?status=FAILED&token="
                + TOKEN
                + "&origin=https%3A%2F%2Fa.example&subject=p%201&next=%2F%2Fevil.com&x=%5C");
    assertThat(response.locations())
        .containsExactly("/?status=FAILED&origin=https%3A%2F%2Fa.example&subject=p+1");
  }

  @Test
  void loginLinksToADeliveryKeepItsCanonicalPath() throws Exception {
    String upper = delivery.toString().toUpperCase(Locale.ROOT);
    assertThat(get("/deliveries/" + upper + "?token=" + TOKEN + "&replayed=1").locations())
        .containsExactly("/deliveries/" + delivery);
    assertThat(get("/deliveries/" + delivery + "/replay?token=" + TOKEN).locations())
        .containsExactly("/deliveries/" + delivery);
  }

  @Test
  void theLoginFormAndTheReplayRedirectOnlyToThePage() throws Exception {
    assertThat(post("/login?next=%2F%2Fevil.com", "token=" + TOKEN, null).locations())
        .containsExactly("/");
    assertThat(post("/login", "token=" + TOKEN + "&next=%5Cevil.com", null).locations())
        .containsExactly("/");
    assertThat(
            post("/deliveries/" + delivery + "/replay?next=//evil.com", "", "Bearer " + TOKEN)
                .locations())
        .containsExactly("/deliveries/" + delivery + "?replayed=1");
  }

  @Test
  void noLocationOutsideThePageEverGoesOut() {
    for (String location :
        List.of(
            "/\\evil.com",
            "//evil.com",
            "/\t/evil.com",
            "/a\r\nSet-Cookie: x=1",
            "https://e.com/",
            "/deliveries/x",
            "/@evil.com",
            "")) {
      assertThatThrownBy(() -> AdminPaths.requireLocal(location))
          .as(location)
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(AdminPaths.requireLocal("/?origin=https%3A%2F%2Fa.example&subject=p+1"))
        .startsWith("/?");
  }

  /** A response's status line and headers, as received. */
  record Response(int status, List<String> headers) {
    List<String> locations() {
      return headers.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("location:"))
          .map(h -> h.substring("location:".length()).strip())
          .toList();
    }

    String head() {
      return String.join("\n", headers);
    }
  }

  private Response get(String target) throws IOException {
    return exchange("GET " + target + " HTTP/1.1\r\n" + "Connection: close\r\n", "");
  }

  private Response post(String target, String form, String authorization) throws IOException {
    return exchange(
        "POST "
            + target
            + " HTTP/1.1\r\nConnection: close\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
            + "Content-Length: "
            + form.length()
            + "\r\n",
        form);
  }

  private Response exchange(String head, String body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String request = head + "Host: 127.0.0.1:" + server.port() + "\r\n\r\n" + body;
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(text)
          .as("a response to %s", head.lines().findFirst().orElse(""))
          .contains("\r\n\r\n");
      String[] lines = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n"))).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
      return new Response(status, headers);
    }
  }
}
