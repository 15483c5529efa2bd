package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.NotInTransactionException;
import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.enqueue.EnqueuePlanner;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.validation.RequestValidator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;

/**
 * Records webhook deliveries inside the caller's own database transaction: the transactional
 * outbox. If the transaction commits, the delivery will be sent (at least once); if it rolls back,
 * the row never existed and nothing is sent.
 *
 * <pre>{@code
 * WebhookOutbox outbox = WebhookOutbox.builder().options(options).build(); // once, at start-up
 *
 * try (Connection tx = dataSource.getConnection()) {
 *   tx.setAutoCommit(false);
 *   updatePrediction(tx, prediction);                          // the host's own write
 *   UUID id = outbox.enqueue(tx, WebhookRequest.builder(customerUrl, "completed")
 *       .subject(prediction.id())
 *       .signingSecret(customerSecret)
 *       .payload(predictionJson)
 *       .build());
 *   tx.commit();                                               // both rows, or neither
 * }
 * }</pre>
 *
 * <p>Enqueue is one {@code INSERT} on the caller's connection: no extra round trip, lock or {@code
 * NOTIFY} inside the host's transaction. It never commits, rolls back or closes the connection.
 * Invalid requests throw {@link dev.webhookoutbox.InvalidWebhookException} before anything is
 * written. Immutable and thread-safe.
 *
 * <p>The connection must be the one of the transaction that writes the reported change. A
 * connection in auto-commit mode, or a Jdbi handle outside a transaction, is refused with {@link
 * NotInTransactionException} before anything is written: its delivery would be sent even if that
 * change rolled back. In a Spring {@code @Transactional} method, pass {@code
 * DataSourceUtils.getConnection(dataSource)}, not {@code dataSource.getConnection()}. A send that
 * belongs to no transaction on purpose uses {@link #enqueueWithoutTransaction}.
 *
 * <p>Three kinds of request cost more (see {@code docs/delivery-semantics.md}): an intermediate
 * event with a subject reads its subject's newest delivery first (one indexed query per call) and
 * may update that row instead of inserting; a request with a dedupe key is inserted on its own
 * ({@code ON CONFLICT DO NOTHING} on PostgreSQL, {@code MERGE} on H2) and, if the key exists, reads
 * the first delivery's id. An event outside the request's event filter writes nothing.
 */
public final class WebhookOutbox {

  private final Clock clock;
  private final Runnable afterCommit;
  private final RequestValidator validator;
  private final SecretCipher secretCipher;
  private final EnqueuePlanner planner;
  private final EnqueueWriter writer;
  private final Map<String, SqlDialect> dialectByUrl = new ConcurrentHashMap<>();

  private WebhookOutbox(Builder builder) {
    this.clock = builder.clock;
    this.afterCommit = builder.afterCommit;
    OutboxOptions options = builder.options;
    this.validator = new RequestValidator(options.maxPayloadBytes(), options.urlPolicy());
    this.secretCipher = options.secretCipher();
    this.planner = new EnqueuePlanner(options.eventTypes(), options.throttleWindow());
    this.writer = new EnqueueWriter(planner, options.throttleWindow(), secretCipher);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records one delivery on the caller's connection, inside whatever transaction it has open.
   *
   * @return the delivery id, also sent as the {@code webhook-id} header: a new one, the waiting
   *     delivery an intermediate update was folded into, or the first delivery with the same dedupe
   *     key; {@code null} if nothing was recorded because the event is outside the request's event
   *     filter or is an intermediate update after its subject's terminal event
   * @throws NotInTransactionException if the connection is in auto-commit mode: the delivery would
   *     be sent even if the caller's change rolled back (see {@link #enqueueWithoutTransaction} for
   *     a send that belongs to no transaction)
   */
  public UUID enqueue(Connection connection, WebhookRequest request) {
    return enqueueAll(connection, List.of(request)).get(0);
  }

  /**
   * Records one delivery through a Jdbi handle, inside the handle's current transaction.
   *
   * @throws NotInTransactionException if the handle is not in a transaction ({@code
   *     jdbi.useTransaction(handle -> outbox.enqueue(handle, request))} is the usual form)
   */
  public UUID enqueue(Handle handle, WebhookRequest request) {
    Transactions.requireTransaction(handle);
    UUID id = enqueue(handle.getConnection(), request);
    if (afterCommit != null) {
      handle.afterCommit(afterCommit);
    }
    return id;
  }

  /**
   * Records one delivery that belongs to no transaction of the caller: in a transaction of its own
   * on a connection of {@code dataSource}, committed before this returns. For sends that report no
   * change of the host's database, such as a command-line enqueue or a test ping. To report a
   * change, use {@link #enqueue(Connection, WebhookRequest)} with that change's transaction: a
   * delivery recorded here is sent even if the caller's transaction rolls back.
   *
   * @return as {@link #enqueue(Connection, WebhookRequest)}
   */
  public UUID enqueueWithoutTransaction(DataSource dataSource, WebhookRequest request) {
    return enqueueAllWithoutTransaction(dataSource, List.of(request)).get(0);
  }

  /**
   * Records several deliveries as {@link #enqueueAll(Connection, List)} does, in one transaction of
   * their own, committed before this returns; see {@link #enqueueWithoutTransaction}.
   */
  public List<UUID> enqueueAllWithoutTransaction(
      DataSource dataSource, List<WebhookRequest> requests) {
    Objects.requireNonNull(dataSource, "dataSource");
    List<UUID> ids =
        Transactions.inOwnTransaction(dataSource, connection -> enqueueAll(connection, requests));
    if (afterCommit != null) {
      afterCommit.run();
    }
    return ids;
  }

  /**
   * Records several deliveries with one batched statement. All are validated before any is written.
   * The deliveries of one call are ordered as listed (their enqueue times are a microsecond apart).
   *
   * @return per request, as {@link #enqueue(Connection, WebhookRequest)} returns, in order; entries
   *     are {@code null} for requests that recorded nothing
   */
  public List<UUID> enqueueAll(Connection connection, List<WebhookRequest> requests) {
    Objects.requireNonNull(connection, "connection");
    Transactions.requireTransaction(connection);
    requests.forEach(validator::validate);
    SqlDialect dialect = dialectOf(connection);
    Instant now = clock.instant();
    if (!planner.allPlain(requests)) {
      return writer.enqueue(connection, dialect, requests, now);
    }
    Columns columns = Columns.of(dialect);
    List<UUID> ids = new ArrayList<>(requests.size());
    try (PreparedStatement insert =
        connection.prepareStatement(SqlResources.query(dialect, "insert-delivery"))) {
      for (int i = 0; i < requests.size(); i++) {
        WebhookRequest request = requests.get(i);
        UUID id = DeliveryIds.next(now);
        Instant createdAt = i == 0 ? now : EnqueuePlanner.enqueueTime(now, i);
        DeliveryInsert.bind(
            insert,
            columns,
            id,
            request,
            planner.kindOf(request),
            request.retryPreset(),
            createdAt,
            now,
            secretCipher);
        ids.add(id);
        if (requests.size() > 1) {
          insert.addBatch();
        }
      }
      if (requests.size() > 1) {
        insert.executeBatch();
      } else {
        insert.executeUpdate();
      }
      return ids;
    } catch (SQLException e) {
      throw new OutboxStoreException(
          "Enqueueing " + requests.size() + " webhook deliveries failed: " + e.getMessage(), e);
    }
  }

  private SqlDialect dialectOf(Connection connection) {
    try {
      String url = connection.getMetaData().getURL();
      return dialectByUrl.computeIfAbsent(url, u -> SqlDialect.detect(connection));
    } catch (SQLException e) {
      throw new OutboxStoreException("Could not read the connection's database URL", e);
    }
  }

  /** Builds a {@link WebhookOutbox}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Runnable afterCommit;
    private OutboxOptions options = OutboxOptions.defaults();

    private Builder() {}

    /** The clock for {@code created_at} and the first {@code next_attempt_at}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * What the runners must agree on: the URL policy (only checks that need no DNS run here; the
     * runner's sender resolves and checks again), the event types, the throttle window, the secret
     * cipher that encrypts signing keys, and the largest body. Give the runners the same options
     * ({@code WebhookRunner.builder(dataSource).options(options)}; the standalone runner's {@code
     * webhooks.*} keys). Default {@link OutboxOptions#defaults()}.
     */
    public Builder options(OutboxOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Runs after the transaction of a Jdbi-handle enqueue commits, and after {@link
     * #enqueueWithoutTransaction} commits, typically {@code runner::wakeUp} so an embedded runner
     * sends without waiting for its next poll. It runs outside the host's transaction and must not
     * throw. For plain {@link Connection}s the outbox cannot see the commit: call {@code
     * runner.wakeUp()} after committing, or rely on the poll interval.
     */
    public Builder afterCommit(Runnable afterCommit) {
      this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
      return this;
    }

    public WebhookOutbox build() {
      return new WebhookOutbox(this);
    }
  }
}
