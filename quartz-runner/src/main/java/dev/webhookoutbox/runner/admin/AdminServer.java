package dev.webhookoutbox.runner.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.webhookoutbox.WebhookOutboxException;
import dev.webhookoutbox.jdbc.DeliveryBrowser;
import dev.webhookoutbox.jdbc.DeliveryFilter;
import dev.webhookoutbox.jdbc.DeliveryView;
import dev.webhookoutbox.jdbc.OutboxMaintenance;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries page: a small server-rendered web page on the JDK's HTTP server. Read-only except
 * for the replay button. Off unless started; binds to loopback unless told otherwise.
 *
 * <pre>{@code
 * AdminServer page = AdminServer.start(new AdminSettings("127.0.0.1", 8081, token), dataSource, clock);
 * // open http://127.0.0.1:8081/?token=<token> once; a session cookie does the rest
 * }</pre>
 *
 * <p>Security: a shared token opens a session (an HttpOnly, SameSite=Strict cookie); the replay
 * POST must also carry the session's anti-CSRF token and, when the browser sends one, a same-origin
 * {@code Origin} header. Scripts and API clients may send {@code Authorization: Bearer <token>}
 * instead. Everything rendered is HTML-escaped, and the Content-Security-Policy allows no script.
 * Redirects only go to the page's own paths, built from what the request named ({@link
 * AdminPaths}), never to a path copied from the request.
 */
public final class AdminServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final String COOKIE = "webhook_admin";
  private static final int MAX_FORM_BYTES = 8192;
  private static final int PAGE_SIZE = 100;

  private final byte[] token;
  private final DeliveryBrowser browser;
  private final OutboxMaintenance maintenance;
  private final AdminSessions sessions;
  private final HttpServer server;
  private final ExecutorService executor;

  private AdminServer(AdminSettings settings, DataSource dataSource, Clock clock)
      throws IOException {
    this.token = settings.token().strip().getBytes(StandardCharsets.UTF_8);
    this.browser = new DeliveryBrowser(dataSource);
    this.maintenance = new OutboxMaintenance(dataSource, clock);
    this.sessions = new AdminSessions(clock);
    this.server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 50);
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "webhook-admin-page");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving; the page needs schema version 3 (the admin views). */
  public static AdminServer start(AdminSettings settings, DataSource dataSource, Clock clock) {
    try {
      AdminServer admin = new AdminServer(settings, dataSource, clock);
      admin.server.start();
      log.info("Deliveries page on http://{}:{}/ (token required)", settings.bind(), admin.port());
      return admin;
    } catch (IOException e) {
      throw new WebhookOutboxException(
          "Cannot serve the deliveries page on " + settings.bind() + ":" + settings.port(), e);
    }
  }

  /** The port it listens on (useful after asking for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      securityHeaders(exchange);
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = Forms.parse(exchange.getRequestURI().getRawQuery());
      if ("GET".equals(method) && query.containsKey("token")) {
        loginByLink(exchange, path, query);
        return;
      }
      if ("POST".equals(method) && "/login".equals(path)) {
        loginByForm(exchange);
        return;
      }
      AdminSessions.Session session = sessions.find(cookie(exchange));
      boolean bearer = bearerMatches(exchange);
      if (session == null && !bearer) {
        send(exchange, 401, LoginPage.render(null));
        return;
      }
      route(exchange, method, path, query, session, bearer);
    } catch (IllegalArgumentException e) {
      sendQuietly(exchange, 400, Html.page("Bad request", "<p>" + Html.text(e.getMessage())));
    } catch (RuntimeException e) {
      log.warn("Deliveries page request failed", e);
      sendQuietly(exchange, 500, Html.page("Error", "<p>The request failed; see the runner log."));
    }
  }

  private void route(
      HttpExchange exchange,
      String method,
      String path,
      Map<String, String> query,
      AdminSessions.Session session,
      boolean bearer)
      throws IOException {
    Matcher delivery = AdminPaths.DELIVERY.matcher(path);
    Matcher replay = AdminPaths.REPLAY.matcher(path);
    if ("GET".equals(method) && "/".equals(path)) {
      send(exchange, 200, list(query));
    } else if ("GET".equals(method) && delivery.matches()) {
      UUID id = UUID.fromString(delivery.group(1));
      String notice = notice(query.get("replayed"));
      Optional<String> page = detail(id, session == null ? null : session.csrfToken(), notice);
      send(
          exchange,
          page.isPresent() ? 200 : 404,
          page.orElse(Html.page("Not found", "<p>No such delivery.")));
    } else if ("POST".equals(method) && replay.matches()) {
      replay(exchange, UUID.fromString(replay.group(1)), session, bearer);
    } else {
      send(exchange, 404, Html.page("Not found", "<p>Not found. <a href=\"/\">Deliveries</a>"));
    }
  }

  private String list(Map<String, String> query) {
    DeliveriesPage.Query typed =
        new DeliveriesPage.Query(query.get("status"), query.get("origin"), query.get("subject"));
    List<DeliveryView> deliveries;
    String error = null;
    try {
      DeliveryFilter filter = new DeliveryFilter(typed.status(), typed.origin(), typed.subject());
      deliveries = browser.recent(filter, PAGE_SIZE);
    } catch (IllegalArgumentException e) {
      deliveries = List.of();
      error = e.getMessage();
    }
    return DeliveriesPage.render(maintenance.status(), typed, deliveries, error);
  }

  private Optional<String> detail(UUID id, String csrfToken, String notice) {
    return browser
        .find(id)
        .map(
            d ->
                DeliveryPage.render(
                    d, browser.payload(id).orElse(""), browser.attempts(id), csrfToken, notice));
  }

  private void replay(HttpExchange exchange, UUID id, AdminSessions.Session session, boolean bearer)
      throws IOException {
    Map<String, String> form = Forms.parse(readForm(exchange));
    if (!bearer) {
      boolean csrfOk = session != null && constantTimeEquals(form.get("csrf"), session.csrfToken());
      if (!csrfOk || !sameOrigin(exchange)) {
        send(exchange, 403, Html.page("Forbidden", "<p>Missing or wrong anti-CSRF token."));
        return;
      }
    }
    boolean replayed = maintenance.replay(id);
    redirect(exchange, AdminPaths.afterReplay(id, replayed));
  }

  private static String notice(String replayed) {
    if ("1".equals(replayed)) {
      return "Replayed: the delivery is due now and a runner will send it within its poll interval.";
    }
    if ("0".equals(replayed)) {
      return "Not replayed: the delivery is in flight right now.";
    }
    return null;
  }

  private void loginByLink(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    if (!constantTimeEquals(query.get("token"), new String(token, StandardCharsets.UTF_8))) {
      send(exchange, 401, LoginPage.render("Wrong token."));
      return;
    }
    startSession(exchange, AdminPaths.afterLogin(path, query));
  }

  private void loginByForm(HttpExchange exchange) throws IOException {
    Map<String, String> form = Forms.parse(readForm(exchange));
    if (!constantTimeEquals(form.get("token"), new String(token, StandardCharsets.UTF_8))) {
      send(exchange, 401, LoginPage.render("Wrong token."));
      return;
    }
    startSession(exchange, "/");
  }

  private void startSession(HttpExchange exchange, String location) throws IOException {
    AdminSessions.Session session = sessions.create();
    exchange
        .getResponseHeaders()
        .add(
            "Set-Cookie",
            COOKIE
                + "="
                + session.id()
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + AdminSessions.TTL.toSeconds());
    redirect(exchange, location);
  }

  private boolean bearerMatches(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    return header != null
        && header.startsWith("Bearer ")
        && constantTimeEquals(
            header.substring(7).strip(), new String(token, StandardCharsets.UTF_8));
  }

  /** A browser's POST names its page's origin; it must be this server's. */
  private static boolean sameOrigin(HttpExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    String host = exchange.getRequestHeaders().getFirst("Host");
    return origin == null || (host != null && origin.equals("http://" + host));
  }

  private static String cookie(HttpExchange exchange) {
    List<String> headers = exchange.getRequestHeaders().get("Cookie");
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(COOKIE + "=")) {
          return p.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private static boolean constantTimeEquals(String given, String expected) {
    if (given == null || expected == null) {
      return false;
    }
    return MessageDigest.isEqual(
        given.strip().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static String readForm(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
      if (body.length > MAX_FORM_BYTES) {
        throw new IllegalArgumentException("form too large");
      }
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static void securityHeaders(HttpExchange exchange) {
    var headers = exchange.getResponseHeaders();
    headers.set(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts.
    headers.set("Referrer-Policy", "same-origin");
    headers.set("Cache-Control", "no-store");
  }

  private static void redirect(HttpExchange exchange, String location) throws IOException {
    exchange.getResponseHeaders().set("Location", AdminPaths.requireLocal(location));
    exchange.sendResponseHeaders(303, -1);
  }

  private static void send(HttpExchange exchange, int status, String html) throws IOException {
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendQuietly(HttpExchange exchange, int status, String html) {
    try {
      send(exchange, status, html);
    } catch (IOException | RuntimeException e) {
      // Headers were already sent, or the client went away.
    }
  }
}
