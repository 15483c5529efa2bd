package dev.webhookoutbox.jdbc;

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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

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
  private final OutcomeWriter outcomeWriter;
  private final SecretCipher secretCipher;
  private final ClaimQueries claims;
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
    this.outcomeWriter = OutcomeWriter.forDialect(dialect);
    this.secretCipher = secretCipher;
    this.claims = new ClaimQueries(this.jdbi, this.dialect, secretCipher);
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
    return claims.claimDue(runnerId, limit, now, leaseUntil);
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
    return claims.releaseExpiredLeases(now, maxLostLeases);
  }

  @Override
  public int releaseClaims(
      String runnerId, Collection<UUID> deliveryIds, Instant dueAt, Instant now) {
    return claims.releaseClaims(runnerId, deliveryIds, dueAt, now);
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
}
