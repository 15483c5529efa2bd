package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.Chromium;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.SampleRows;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.RunnerConfig;
import dev.webhookoutbox.runner.RunnerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deliveries page of a standalone runner process (configured through its environment keys),
 * checked over plain HTTP for its security rules and in a real headless Chromium for what an admin
 * does: open it, filter, open a delivery, replay it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPageIT {

  private static final String TOKEN = "test-admin-token-0123456789";
  private static final String XSS = "<script>document.title='pwned'</script>";
  private static final Path ARTEFACTS = Path.of("target", "admin-page");

  private TestDatabase db;
  private TestReceiver ok;
  private TestReceiver rejecting;
  private RunnerProcess process;
  private String base;
  private UUID delivered;
  private UUID failed;
  private final HttpClient http = HttpClient.newHttpClient();

  /** The runner's database: a fresh H2 in memory here, MariaDB in {@link MariaDbAdminPageIT}. */
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }

  @BeforeAll
  void startRunnerWithThePage() throws Exception {
    db = openDatabase();
    ok = new TestReceiver();
    rejecting = new TestReceiver().respondWith(request -> 400);
    Map<String, String> env =
        Map.of(
            "WEBHOOKS_DB_URL", db.jdbcUrl(),
            "WEBHOOKS_DB_USER", db.user(),
            "WEBHOOKS_DB_PASSWORD", db.password(),
            "WEBHOOKS_ADMIN_PORT", "0",
            "WEBHOOKS_ADMIN_TOKEN", TOKEN,
            "WEBHOOKS_DISPATCH_IDLE_POLL", "20ms",
            "WEBHOOKS_DB_POOL_SIZE", "4",
            "WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true",
            "WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8");
    process = RunnerProcess.start(RunnerConfig.load(null, env));
    base = "http://127.0.0.1:" + process.adminPort();
    WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
    delivered =
        outbox.enqueueWithoutTransaction(
            process.dataSource(),
            WebhookRequest.builder(ok.url("/hooks?customer=7"), "completed")
                .subject("prediction-1")
                .payload(
                    "{\"id\":\"prediction-1\",\"note\":\"" + XSS.replace("'", "\\u0027") + "\"}")
                .build());
    failed =
        outbox.enqueueWithoutTransaction(
            process.dataSource(),
            WebhookRequest.builder(rejecting.url("/broken"), "completed")
                .subject("prediction-2")
                .payload("{\"id\":\"prediction-2\"}")
                .build());
    process.runner().wakeUp();
    OutboxQueries sql = new OutboxQueries(process.dataSource());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> "DELIVERED".equals(sql.status(delivered)) && "FAILED".equals(sql.status(failed)));
  }

  @AfterAll
  void stop() {
    if (process != null) {
      process.close();
    }
    ok.close();
    rejecting.close();
    db.close();
  }

  @Test
  void thePageNeedsTheTokenAndReplayNeedsTheAntiCsrfToken() throws Exception {
    assertThat(get("/", null).statusCode()).isEqualTo(401);
    assertThat(get("/?token=wrong-token-0123456789", null).statusCode()).isEqualTo(401);
    HttpResponse<String> login = get("/?token=" + TOKEN + "&status=FAILED", null);
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location")).hasValue("/?status=FAILED");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
    String session = cookie.substring(0, cookie.indexOf(';'));

    HttpResponse<String> page = get("/deliveries/" + delivered, session);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'");
    assertThat(page.body()).doesNotContain(XSS).contains("&lt;script&gt;");

    assertThat(post("/deliveries/" + failed + "/replay", session, "", null).statusCode())
        .as("a session cookie alone cannot replay")
        .isEqualTo(403);
    assertThat(post("/deliveries/" + failed + "/replay", null, "", "Bearer wrong").statusCode())
        .isEqualTo(401);
    HttpResponse<String> api =
        post("/deliveries/" + delivered + "/replay", null, "", "Bearer " + TOKEN);
    assertThat(api.statusCode()).isEqualTo(303);
    assertThat(api.headers().firstValue("Location"))
        .hasValue("/deliveries/" + delivered + "?replayed=1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> new OutboxQueries(process.dataSource()).attempts(delivered).size() == 2);
  }

  @Test
  void inABrowserTheAdminFiltersOpensADeliveryAndReplaysIt(@TempDir Path profile) throws Exception {
    try (Chromium browser = Chromium.launch(profile.resolve("chromium-profile"))) {
      browser.navigate(base + "/?token=" + TOKEN);
      assertThat(browser.evaluate("document.title")).isEqualTo("Webhook deliveries");
      assertThat(browser.count("tr.delivery")).isGreaterThanOrEqualTo(2);
      browser.screenshot(ARTEFACTS.resolve("deliveries.png"));

      browser.navigate(base + "/?status=FAILED");
      assertThat(browser.count("tr.delivery")).isEqualTo(1);
      assertThat(browser.text("#deliveries")).contains("prediction-2").contains("HTTP 400");
      browser.navigate(base + "/?origin=" + ok.url(""));
      assertThat(browser.text("#deliveries"))
          .contains("prediction-1")
          .doesNotContain("prediction-2");
      browser.navigate(base + "/?subject=prediction-2");
      assertThat(browser.count("tr.delivery")).isEqualTo(1);
      browser.navigate(base + "/?origin=not-a-url");
      assertThat(browser.text(".error")).contains("origin");

      browser.navigate(base + "/?subject=prediction-2");
      browser.clickAndWait("tr.delivery a");
      assertThat(browser.text("#attempts")).contains("400").contains("FAILED");
      assertThat(browser.count("tr.attempt")).isEqualTo(1);
      browser.clickAndWait("#replay");
      assertThat(browser.text("#notice")).as(browser.text("body")).startsWith("Replayed");
      OutboxQueries sql = new OutboxQueries(process.dataSource());
      await().atMost(Duration.ofSeconds(20)).until(() -> sql.attempts(failed).size() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(sql.status(failed)));
      browser.navigate(base + "/deliveries/" + failed);
      assertThat(browser.count("tr.attempt")).isEqualTo(2);
      browser.screenshot(ARTEFACTS.resolve("delivery-after-replay.png"));

      browser.navigate(base + "/deliveries/" + delivered);
      assertThat(browser.evaluate("document.title")).doesNotContain("pwned");
      assertThat(browser.text("#payload")).contains(XSS.replace("'", "\\u0027"));
    }
    assertThat(Files.size(ARTEFACTS.resolve("delivery-after-replay.png"))).isPositive();
  }

  @Test
  void poisonedDeliveriesHaveAFilterOfTheirOwnAndShowWhy() throws Exception {
    SampleRows.insertPoisoned(process.dataSource());
    String cookie = get("/?token=" + TOKEN, null).headers().firstValue("Set-Cookie").orElseThrow();
    String session = cookie.substring(0, cookie.indexOf(';'));

    HttpResponse<String> page = get("/?status=POISONED", session);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(SampleRows.POISONED.toString())
        .contains("POISONED: 3 claims in a row ended without an attempt outcome")
        .doesNotContain(failed.toString())
        .doesNotContain(delivered.toString());
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String cookie, String form, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
