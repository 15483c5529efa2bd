package dev.webhookoutbox.jdbc;

import static dev.webhookoutbox.jdbc.DeliveryInsert.setNullableString;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.ThrottleWindow;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.enqueue.EnqueuePlan;
import dev.webhookoutbox.enqueue.EnqueuePlan.Coalescing;
import dev.webhookoutbox.enqueue.EnqueuePlan.NewDelivery;
import dev.webhookoutbox.enqueue.EnqueuePlanner;
import dev.webhookoutbox.enqueue.SubjectHead;
import dev.webhookoutbox.enqueue.SubjectKey;
import dev.webhookoutbox.signing.SecretCipher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes an {@link EnqueuePlan} on the host's connection, for calls that are not plain inserts:
 * filtered events, intermediate updates (one lookup of their subjects' newest deliveries, then
 * batched updates and inserts) and dedupe keys (one insert each that writes nothing for a known
 * key). Never commits, rolls back or closes the connection.
 */
final class EnqueueWriter {

  private static final String UNIQUE_VIOLATION = "23505";

  private final EnqueuePlanner planner;
  private final ThrottleWindow throttleWindow;
  private final SecretCipher cipher;

  EnqueueWriter(EnqueuePlanner planner, ThrottleWindow throttleWindow, SecretCipher cipher) {
    this.planner = planner;
    this.throttleWindow = throttleWindow;
    this.cipher = cipher;
  }

  List<UUID> enqueue(
      Connection connection, SqlDialect dialect, List<WebhookRequest> requests, Instant now) {
    try {
      Set<SubjectKey> keys = planner.subjectsToLookUp(requests);
      Map<SubjectKey, SubjectHead> heads =
          keys.isEmpty() ? Map.of() : SubjectHeads.find(connection, dialect, keys);
      EnqueuePlan plan = planner.plan(requests, heads, now, () -> DeliveryIds.next(now));
      List<UUID> ids = new ArrayList<>(plan.ids());
      List<NewDelivery> inserts = new ArrayList<>();
      List<NewDelivery> deduped = new ArrayList<>();
      for (NewDelivery row : plan.inserts()) {
        (row.request().dedupeKey() == null ? inserts : deduped).add(row);
      }
      for (Coalescing missed : coalesce(connection, dialect, plan.coalescings(), now)) {
        // A runner claimed the waiting row after we read it: this update gets its own row, due
        // one window after that claim (the runner holds it back further if the POST started
        // later).
        NewDelivery row =
            new NewDelivery(
                DeliveryIds.next(now),
                missed.request(),
                EventKind.INTERMEDIATE,
                missed.enqueuedAt(),
                throttleWindow.endAfter(now));
        inserts.add(row);
        ids.replaceAll(id -> missed.targetId().equals(id) ? row.id() : id);
      }
      insertBatch(connection, dialect, inserts);
      for (NewDelivery row : deduped) {
        UUID actual = insertDeduped(connection, dialect, row);
        ids.replaceAll(id -> row.id().equals(id) ? actual : id);
      }
      return ids;
    } catch (SQLException e) {
      throw new OutboxStoreException(
          "Enqueueing " + requests.size() + " webhook deliveries failed: " + e.getMessage(), e);
    }
  }

  /** Replaces waiting bodies; returns the coalescings whose row was claimed meanwhile. */
  private List<Coalescing> coalesce(
      Connection connection, SqlDialect dialect, List<Coalescing> coalescings, Instant now)
      throws SQLException {
    if (coalescings.isEmpty()) {
      return List.of();
    }
    // Row locks in id order, so two calls folding into the same rows cannot deadlock each other.
    List<Coalescing> ordered = new ArrayList<>(coalescings);
    ordered.sort(Comparator.comparing(Coalescing::targetId));
    try (PreparedStatement update =
        connection.prepareStatement(SqlResources.query(dialect, "coalesce-intermediate"))) {
      Columns columns = Columns.of(dialect);
      for (Coalescing c : ordered) {
        WebhookRequest request = c.request();
        update.setString(1, request.eventType());
        update.setString(2, request.payload());
        setNullableString(update, 3, SecretColumn.encode(request.signingSecrets(), cipher));
        setNullableString(update, 4, HeaderColumn.encode(request.headers()));
        setNullableString(update, 5, retryPresetOf(request));
        update.setBoolean(6, request.strictOrder());
        columns.setTime(update, 7, now);
        columns.setId(update, 8, c.targetId());
        update.addBatch();
      }
      int[] counts = update.executeBatch();
      List<Coalescing> missed = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == Statement.SUCCESS_NO_INFO) {
          throw new OutboxStoreException(
              "The JDBC driver reported no row counts for a batch of updates, which the outbox"
                  + " needs to tell which waiting updates a runner claimed meanwhile (MariaDB"
                  + " Connector/J does so with useBulkStmts=true: remove that option from the"
                  + " connection URL). Roll the transaction back.",
              null);
        }
        if (counts[i] == 0) {
          missed.add(ordered.get(i));
        }
      }
      return missed;
    }
  }

  private void insertBatch(Connection connection, SqlDialect dialect, List<NewDelivery> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(SqlResources.query(dialect, "insert-delivery"))) {
      for (NewDelivery row : rows) {
        bind(insert, dialect, row);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Inserts a row with a dedupe key; returns its id, or the first delivery's id for that key. */
  private UUID insertDeduped(Connection connection, SqlDialect dialect, NewDelivery row)
      throws SQLException {
    int inserted;
    try (PreparedStatement insert =
        connection.prepareStatement(SqlResources.query(dialect, "insert-delivery-dedupe"))) {
      bind(insert, dialect, row);
      inserted = insert.executeUpdate();
    } catch (SQLException e) {
      // Only H2 gets here for a duplicate (a concurrent one); PostgreSQL's ON CONFLICT and
      // MariaDB's ON DUPLICATE KEY never raise it, and a raised error would have aborted the
      // host's transaction on PostgreSQL.
      if (dialect != SqlDialect.H2 || !UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      inserted = 0;
    }
    // MariaDB and MySQL count a duplicate that ON DUPLICATE KEY UPDATE left alone as one row too
    // (both drivers ask for found rows): there the id is always read back, this row's own if it
    // went in.
    if (inserted == 1 && dialect != SqlDialect.MARIADB) {
      return row.id();
    }
    try (PreparedStatement find =
        connection.prepareStatement(SqlResources.query(dialect, "find-delivery-by-dedupe-key"))) {
      find.setString(1, row.request().dedupeKey());
      try (ResultSet rs = find.executeQuery()) {
        if (rs.next()) {
          return Columns.of(dialect).id(rs, 1);
        }
      }
    }
    throw new OutboxStoreException(
        "A delivery with dedupe key '"
            + row.request().dedupeKey()
            + "' exists but is not visible to this transaction (another transaction inserted it"
            + " after this one's snapshot); retry the transaction",
        null);
  }

  private void bind(PreparedStatement insert, SqlDialect dialect, NewDelivery row)
      throws SQLException {
    DeliveryInsert.bind(
        insert,
        Columns.of(dialect),
        row.id(),
        row.request(),
        row.kind(),
        retryPresetOf(row.request()),
        row.createdAt(),
        row.dueAt(),
        cipher);
  }

  /**
   * Only a preset the request names is stored: the default is the runners' ({@link
   * dev.webhookoutbox.OutboxOptions#retryPresets()}), applied when the row is sent.
   */
  private static String retryPresetOf(WebhookRequest request) {
    return request.retryPreset();
  }

  /**
   * Reads the newest delivery of each (subject, url): one query on PostgreSQL, one per key on H2,
   * MariaDB and MySQL (which have no arrays to pass the keys in, nor, on MariaDB, LATERAL).
   */
  static final class SubjectHeads {

    private SubjectHeads() {}

    static Map<SubjectKey, SubjectHead> find(
        Connection connection, SqlDialect dialect, Set<SubjectKey> keys) throws SQLException {
      Map<SubjectKey, SubjectHead> heads = new HashMap<>();
      Columns columns = Columns.of(dialect);
      if (dialect == SqlDialect.POSTGRESQL) {
        List<SubjectKey> list = List.copyOf(keys);
        try (PreparedStatement query =
            connection.prepareStatement(SqlResources.query(dialect, "subject-heads"))) {
          query.setArray(
              1,
              connection.createArrayOf("text", list.stream().map(SubjectKey::subject).toArray()));
          query.setArray(
              2, connection.createArrayOf("text", list.stream().map(SubjectKey::url).toArray()));
          try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              heads.put(
                  new SubjectKey(rs.getString("subject"), rs.getString("url")), head(rs, columns));
            }
          }
        }
        return heads;
      }
      try (PreparedStatement query =
          connection.prepareStatement(SqlResources.query(dialect, "subject-head"))) {
        for (SubjectKey key : keys) {
          for (int i = 0; i < 5; i++) {
            query.setString(2 * i + 1, key.subject());
            query.setString(2 * i + 2, key.url());
          }
          try (ResultSet rs = query.executeQuery()) {
            if (rs.next()) {
              heads.put(key, head(rs, columns));
            }
          }
        }
      }
      return heads;
    }

    private static SubjectHead head(ResultSet rs, Columns columns) throws SQLException {
      return new SubjectHead(
          columns.id(rs, "id"),
          DeliveryStatus.valueOf(rs.getString("status")),
          rs.getInt("attempt_count"),
          EventKind.valueOf(rs.getString("event_kind")),
          columns.instant(rs, "updated_at"),
          columns.instant(rs, "last_attempt_started_at"));
    }
  }
}
