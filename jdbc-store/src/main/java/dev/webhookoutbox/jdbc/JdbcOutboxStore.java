package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.EndpointDisabled;
import dev.webhookoutbox.spi.EndpointHealth;
import dev.webhookoutbox.spi.EndpointRegistry;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.FailedDelivery;
import dev.webhookoutbox.spi.FailureLedger;
import dev.webhookoutbox.spi.OrderingFacts;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.RetentionPurge;
import dev.webhookoutbox.spi.SecretsAtRest;
import dev.webhookoutbox.spi.Settlement;
import dev.webhookoutbox.spi.SubjectOrderingStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * The {@link OutboxStore} on PostgreSQL, H2, MariaDB or MySQL, through Jdbi, with every optional
 * capability: subject ordering, the failure ledger, the endpoint registry, the retention purge and
 * the plaintext-secrets check. The dialect is detected from the database on construction.
 *
 * <pre>{@code
 * OutboxStore store = new JdbcOutboxStore(hikariDataSource);
 * }</pre>
 *
 * Thread-safe; every call borrows a pooled connection for one short transaction.
 */
public final class JdbcOutboxStore
    implements OutboxStore,
        SubjectOrderingStore,
        FailureLedger,
        EndpointRegistry,
        RetentionPurge,
        SecretsAtRest {

  /** How many of the newest deliveries {@link #holdsPlaintextSecrets()} looks at. */
  public static final int PLAINTEXT_CHECK_WINDOW = 10_000;

  private final Jdbi jdbi;
  private final SqlDialect dialect;
  private final Columns columns;
  private final OutcomeWriter outcomeWriter;
  private final SecretCipher secretCipher;
  private final OrderingQueries ordering;
  private final FailureQueries failures;
  private final EndpointQueries endpoints;
  // Their clocks are unused: every call made here passes the caller's time.
  private final EndpointMaintenance endpointMaintenance;
  private final OutboxMaintenance maintenance;

  /** A store that reads signing keys as stored, for outboxes built without a secret cipher. */
  public JdbcOutboxStore(DataSource dataSource) {
    this(Jdbi.create(dataSource), SqlDialect.detect(dataSource), null);
  }

  /**
   * A store that decrypts signing keys with the cipher the outbox encrypted them with ({@link
   * dev.webhookoutbox.OutboxOptions#secretCipher()}); rows stored in plaintext are still read as
   * they are.
   */
  public JdbcOutboxStore(DataSource dataSource, SecretCipher secretCipher) {
    this(
        Jdbi.create(dataSource),
        SqlDialect.detect(dataSource),
        Objects.requireNonNull(secretCipher, "secretCipher"));
  }

  public JdbcOutboxStore(Jdbi jdbi, SqlDialect dialect) {
    this(jdbi, dialect, null);
  }

  /**
   * @param secretCipher decrypts stored signing keys, or {@code null} to read them as stored
   */
  public JdbcOutboxStore(Jdbi jdbi, SqlDialect dialect, SecretCipher secretCipher) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.columns = Columns.of(dialect);
    this.outcomeWriter = OutcomeWriter.forDialect(dialect);
    this.secretCipher = secretCipher;
    this.ordering = new OrderingQueries(this.jdbi, this.dialect);
    this.failures = new FailureQueries(this.jdbi, this.dialect);
    this.endpoints = new EndpointQueries(this.jdbi, this.dialect);
    this.endpointMaintenance = new EndpointMaintenance(this.jdbi, this.dialect, Clock.systemUTC());
    this.maintenance = new OutboxMaintenance(this.jdbi, this.dialect, Clock.systemUTC());
  }

  public SqlDialect dialect() {
    return dialect;
  }

  /** Whether this store decrypts signing keys, i.e. was given a {@link SecretCipher}. */
  @Override
  public boolean hasSecretCipher() {
    return secretCipher != null;
  }

  /**
   * Whether one of the newest {@value #PLAINTEXT_CHECK_WINDOW} deliveries stores its signing keys
   * in plaintext rather than in {@link SecretCipher}'s {@code enc:} form. One query that reads at
   * most that many rows by primary key, whatever the size of the table; it never reads a key out.
   *
   * @throws OutboxStoreException if the query fails
   */
  @Override
  public boolean holdsPlaintextSecrets() {
    try {
      return jdbi.withHandle(
          handle ->
              handle
                  .createQuery(sql("plaintext-secret"))
                  .bind("window", PLAINTEXT_CHECK_WINDOW)
                  .setQueryTimeout(10)
                  .mapTo(Integer.class)
                  .findFirst()
                  .isPresent());
    } catch (JdbiException e) {
      throw new OutboxStoreException("Checking how signing keys are stored failed", e);
    }
  }

  @Override
  public List<ClaimedDelivery> claimDue(
      String runnerId, int limit, Instant now, Instant leaseUntil) {
    try {
      return dialect == SqlDialect.POSTGRESQL
          ? claimInOneStatement(runnerId, limit, now, leaseUntil)
          : claimLockingFirst(runnerId, limit, now, leaseUntil);
    } catch (JdbiException | SQLException e) {
      throw new OutboxStoreException("Claiming due deliveries failed", e);
    }
  }

  private List<ClaimedDelivery> claimInOneStatement(
      String runnerId, int limit, Instant now, Instant leaseUntil) throws SQLException {
    return jdbi.inTransaction(
        handle -> {
          CustomPlans.preferIndexLookups(handle.getConnection());
          return handle
              .createQuery(sql("claim-due"))
              .addCustomizer(
                  new StatementCustomizer() {
                    @Override
                    public void beforeExecution(PreparedStatement stmt, StatementContext ctx)
                        throws SQLException {
                      CustomPlans.planEveryExecution(stmt);
                    }
                  })
              .bind("runnerId", runnerId)
              .bind("leaseUntil", time(leaseUntil))
              .bind("now", time(now))
              .bind("limit", limit)
              .map((rs, ctx) -> toClaimed(rs))
              .list();
        });
  }

  private List<ClaimedDelivery> claimLockingFirst(
      String runnerId, int limit, Instant now, Instant leaseUntil) {
    return jdbi.inTransaction(
        handle -> {
          lockOnlyClaimedRows(handle, dialect);
          List<UUID> ids =
              handle
                  .createQuery(sql("claim-due-lock"))
                  .bind("now", time(now))
                  .bind("limit", limit)
                  .map((rs, ctx) -> columns.id(rs, 1))
                  .list();
          if (ids.isEmpty()) {
            return List.of();
          }
          handle
              .createUpdate(sql("claim-due-mark"))
              .bindList("ids", columns.ids(ids))
              .bind("runnerId", runnerId)
              .bind("leaseUntil", time(leaseUntil))
              .bind("now", time(now))
              .execute();
          return handle
              .createQuery(sql("claim-due-read"))
              .bindList("ids", columns.ids(ids))
              .bind("runnerId", runnerId)
              .map((rs, ctx) -> toClaimed(rs))
              .list();
        });
  }

  @Override
  public int recordOutcomes(String runnerId, List<AttemptOutcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return 0;
    }
    List<OutcomeRow> rows = outcomes.stream().map(outcome -> OutcomeRow.of(outcome, now)).toList();
    try {
      return jdbi.inTransaction(
          handle -> outcomeWriter.write(handle.getConnection(), runnerId, rows, now));
    } catch (JdbiException | SQLException e) {
      throw new OutboxStoreException(
          "Recording " + outcomes.size() + " attempt outcomes failed", e);
    }
  }

  @Override
  public ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
    if (maxLostLeases < 1) {
      throw new IllegalArgumentException("maxLostLeases must be at least 1, was " + maxLostLeases);
    }
    try {
      if (dialect == SqlDialect.MARIADB) {
        return releaseExpiredLockingFirst(now, maxLostLeases);
      }
      List<Map.Entry<UUID, String>> rows =
          jdbi.inTransaction(
              handle ->
                  handle
                      .createQuery(sql("release-expired-leases"))
                      .bind("now", time(now))
                      .bind("maxLostLeases", maxLostLeases)
                      .map((rs, ctx) -> Map.entry(columns.id(rs, "id"), rs.getString("status")))
                      .list());
      List<UUID> poisoned =
          rows.stream()
              .filter(row -> "FAILED".equals(row.getValue()))
              .map(Map.Entry::getKey)
              .toList();
      return new ExpiredLeases(rows.size() - poisoned.size(), poisoned);
    } catch (JdbiException e) {
      throw new OutboxStoreException("Releasing expired leases failed", e);
    }
  }

  /**
   * MariaDB and MySQL have no {@code UPDATE … RETURNING}: the expired leases are locked first (with
   * the count of lost claims each had), then released by id, in one transaction, so which of them
   * were poisoned follows from what the lock read.
   */
  private ExpiredLeases releaseExpiredLockingFirst(Instant now, int maxLostLeases) {
    return jdbi.inTransaction(
        handle -> {
          lockOnlyClaimedRows(handle, dialect);
          List<Map.Entry<UUID, Integer>> expired =
              handle
                  .createQuery(sql("release-expired-leases-lock"))
                  .bind("now", time(now))
                  .map((rs, ctx) -> Map.entry(columns.id(rs, "id"), rs.getInt("lost_leases")))
                  .list();
          if (expired.isEmpty()) {
            return new ExpiredLeases(0, List.of());
          }
          handle
              .createUpdate(sql("release-expired-leases-mark"))
              .bindList("ids", columns.ids(expired.stream().map(Map.Entry::getKey).toList()))
              .bind("now", time(now))
              .bind("maxLostLeases", maxLostLeases)
              .execute();
          List<UUID> poisoned =
              expired.stream()
                  .filter(row -> row.getValue() + 1 >= maxLostLeases)
                  .map(Map.Entry::getKey)
                  .toList();
          return new ExpiredLeases(expired.size() - poisoned.size(), poisoned);
        });
  }

  @Override
  public int releaseClaims(
      String runnerId, Collection<UUID> deliveryIds, Instant dueAt, Instant now) {
    if (deliveryIds.isEmpty()) {
      return 0;
    }
    try {
      return jdbi.withHandle(
          handle ->
              handle
                  .createUpdate(sql("release-claims"))
                  .bindList("ids", columns.ids(deliveryIds))
                  .bind("runnerId", runnerId)
                  .bind("dueAt", time(dueAt))
                  .bind("now", time(now))
                  .execute());
    } catch (JdbiException e) {
      throw new OutboxStoreException("Releasing " + deliveryIds.size() + " claims failed", e);
    }
  }

  @Override
  public List<OrderingFacts> orderingFacts(List<ClaimedDelivery> claimed) {
    return ordering.facts(claimed);
  }

  @Override
  public int settle(String runnerId, List<Settlement> settlements, Instant now) {
    return ordering.settle(runnerId, settlements, now);
  }

  @Override
  public List<FailedDelivery> claimUnnotifiedFailures(
      String runnerId, int limit, Instant now, Instant leaseUntil, Instant failedSince) {
    return failures.claim(runnerId, limit, now, leaseUntil, failedSince);
  }

  @Override
  public int markFailuresNotified(String runnerId, Collection<UUID> deliveryIds, Instant now) {
    return failures.markNotified(runnerId, deliveryIds, now);
  }

  @Override
  public void recordEndpointHealth(List<EndpointHealth> reports, Instant now) {
    endpoints.recordHealth(reports, now);
  }

  @Override
  public Set<String> disabledOrigins() {
    return endpoints.disabledOrigins();
  }

  @Override
  public int parkClaims(
      String runnerId, Collection<String> origins, Collection<UUID> deliveryIds, Instant now) {
    return endpoints.park(runnerId, origins, deliveryIds, now);
  }

  @Override
  public List<EndpointDisabled> disableFailingEndpoints(Duration failingFor, Instant now) {
    return endpointMaintenance.disableFailing(failingFor, now);
  }

  @Override
  public List<EndpointDisabled> claimUnnotifiedDisablements(Instant now, Instant leaseUntil) {
    return endpointMaintenance.claimToNotify(now, leaseUntil);
  }

  @Override
  public void markDisablementNotified(EndpointDisabled disablement) {
    endpointMaintenance.markNotified(disablement);
  }

  @Override
  public int releaseParkedDeliveries(Instant now) {
    return endpointMaintenance.releaseParked(now);
  }

  @Override
  public long purgeFinished(Instant deliveredBefore, Instant failedBefore, int batchSize) {
    OutboxMaintenance.PurgeResult result =
        maintenance.purge(deliveredBefore, failedBefore, batchSize, batch -> {});
    return result.delivered() + result.failed() + result.superseded();
  }

  private String sql(String name) {
    return SqlResources.query(dialect, name);
  }

  /**
   * On MariaDB and MySQL, makes the claim transaction just begun lock only the rows it claims (see
   * {@code mariadb/claim-isolation.sql}); PostgreSQL and H2 run at READ COMMITTED already.
   */
  static void lockOnlyClaimedRows(Handle handle, SqlDialect dialect) {
    if (dialect == SqlDialect.MARIADB) {
      handle.execute(SqlResources.query(dialect, "claim-isolation"));
    }
  }

  private Argument time(Instant instant) {
    return columns.time(instant);
  }

  private ClaimedDelivery toClaimed(ResultSet rs) throws SQLException {
    UUID id = columns.id(rs, "id");
    return new ClaimedDelivery(
        id,
        rs.getString("url"),
        rs.getString("event_type"),
        rs.getString("subject"),
        rs.getString("payload"),
        SecretColumn.decode(rs.getString("signing_secrets"), secretCipher, id),
        rs.getInt("attempt_count"),
        columns.instant(rs, "created_at"),
        HeaderColumn.decode(rs.getString("extra_headers")),
        EventKind.valueOf(rs.getString("event_kind")),
        rs.getString("retry_preset"),
        rs.getBoolean("has_neighbours"));
  }
}
