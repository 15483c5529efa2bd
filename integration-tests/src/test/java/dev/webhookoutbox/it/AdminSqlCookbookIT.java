package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.webhookoutbox.it.support.SampleRows;
import dev.webhookoutbox.it.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every SQL block of docs/admin-sql.md on H2, PostgreSQL and MariaDB, on migrated databases
 * holding {@link SampleRows}, each block in a transaction that is rolled back: the cookbook cannot
 * rot.
 */
class AdminSqlCookbookIT {

  private static final Path COOKBOOK = Path.of("..", "docs", "admin-sql.md");
  private static final Pattern BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern RUNS_ON = Pattern.compile("^-- runs on: ([a-z0-9, ]+)$");

  record Block(int number, List<String> dialects, boolean expectsRows, String sql) {
    @Override
    public String toString() {
      return "block "
          + number
          + ": "
          + sql.lines().filter(l -> !l.startsWith("--")).findFirst().orElse("");
    }
  }

  static List<Block> blocks() throws IOException {
    String text = Files.readString(COOKBOOK);
    Matcher m = BLOCK.matcher(text);
    List<Block> blocks = new ArrayList<>();
    while (m.find()) {
      String sql = m.group(1);
      List<String> lines = sql.lines().toList();
      Matcher runsOn = RUNS_ON.matcher(lines.get(0));
      assertThat(runsOn.matches())
          .as("block %d must start with '-- runs on: <dialects>': %s", blocks.size() + 1, sql)
          .isTrue();
      List<String> dialects = Arrays.stream(runsOn.group(1).split(",")).map(String::strip).toList();
      boolean expectsRows = lines.size() > 1 && lines.get(1).equals("-- expects rows");
      blocks.add(new Block(blocks.size() + 1, dialects, expectsRows, sql));
    }
    return blocks;
  }

  /** The tag of each database's blocks: MySQL runs the blocks written for MariaDB. */
  private static final Map<String, String> TAGS =
      Map.of("H2", "h2", "PostgreSQL", "postgresql", "MariaDB", "mariadb", "MySQL", "mariadb");

  static Stream<Arguments> databases() {
    return TestDatabase.all()
        .map(database -> Arguments.of(TAGS.get((String) database.get()[0]), database.get()[1]));
  }

  @Test
  void theCookbookHasTenQueriesAndTheSafeUpdatesAndEveryBlockIsTagged() throws IOException {
    List<Block> blocks = blocks();
    long updates = blocks.stream().filter(b -> isUpdate(b.sql())).count();
    assertThat(blocks.size() - updates).isGreaterThanOrEqualTo(10);
    assertThat(updates).isGreaterThanOrEqualTo(3);
    assertThat(blocks).allSatisfy(b -> assertThat(b.dialects()).isNotEmpty());
    assertThat(blocks)
        .as("no cookbook query reads signing secrets or extra headers")
        .noneSatisfy(b -> assertThat(b.sql()).containsAnyOf("signing_secrets", "extra_headers"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void everyCookbookBlockRunsOnASampleOutbox(String dialect, Supplier<TestDatabase> database)
      throws Exception {
    List<Block> blocks = blocks();
    int ran = 0;
    try (TestDatabase db = database.get()) {
      SampleRows.insert(db.dataSource());
      SampleRows.insertEndpoints(db.dataSource());
      SampleRows.insertPoisoned(db.dataSource());
      try (Connection c = db.dataSource().getConnection()) {
        c.setAutoCommit(false);
        for (Block block : blocks) {
          if (!block.dialects().contains(dialect)) {
            continue;
          }
          int rows = execute(c, block);
          c.rollback();
          if (block.expectsRows()) {
            assertThat(rows)
                .as("%s returned or changed no rows on %s", block, dialect)
                .isPositive();
          }
          ran++;
        }
      }
    }
    assertThat(ran).isGreaterThanOrEqualTo(10);
  }

  private static int execute(Connection c, Block block) {
    int rows = 0;
    try (Statement statement = c.createStatement()) {
      for (String sql : statements(block.sql())) {
        if (statement.execute(sql)) {
          try (ResultSet rs = statement.getResultSet()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= columns; i++) {
                rs.getObject(i);
              }
              rows++;
            }
          }
        } else {
          rows += statement.getUpdateCount();
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(block + " failed: " + e.getMessage() + "\n" + block.sql(), e);
    }
    return rows;
  }

  private static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String s = current.toString().strip();
        out.add(s.substring(0, s.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static boolean isUpdate(String sql) {
    return sql.lines()
        .filter(l -> !l.startsWith("--"))
        .findFirst()
        .map(l -> l.toUpperCase(Locale.ROOT).startsWith("UPDATE"))
        .orElse(false);
  }
}
