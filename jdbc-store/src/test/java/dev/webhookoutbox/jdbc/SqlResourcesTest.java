package dev.webhookoutbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqlResourcesTest {

  @Test
  void aMultiRowStatementRepeatsItsRowPartOncePerFurtherRowEachAfterASpace() {
    String sql = "SELECT ? AS a{{UNION ALL SELECT ?}} FROM dual";

    assertThat(SqlResources.repeatRows(sql, 1)).isEqualTo("SELECT ? AS a FROM dual");
    // Without the space a NULL parameter inlined by the driver ran into the next UNION
    // ("NULLUNION ALL"), a syntax error as soon as a batch had two rows.
    assertThat(SqlResources.repeatRows(sql, 3))
        .isEqualTo("SELECT ? AS a UNION ALL SELECT ? UNION ALL SELECT ? FROM dual");
  }

  @Test
  void theMariaDbOutcomeStatementsHaveOneParameterSetPerRow() {
    String update = SqlResources.query(SqlDialect.MARIADB, "record-outcome");
    String insert = SqlResources.query(SqlDialect.MARIADB, "record-attempt");

    assertThat(placeholders(SqlResources.repeatRows(update, 500))).isEqualTo(500 * 8 + 2);
    assertThat(placeholders(SqlResources.repeatRows(insert, 500))).isEqualTo(500 * 10);
  }

  @Test
  void outcomeChunksStayUnderTheRowAndTextLimits() {
    String longText = "x".repeat(16_384);
    List<OutcomeRow> rows =
        IntStream.range(0, 1_200)
            .mapToObj(
                i ->
                    new OutcomeRow(
                        UUID.randomUUID(),
                        1,
                        Instant.EPOCH,
                        5,
                        200,
                        "DELIVERED",
                        null,
                        null,
                        i < 100 ? longText : "ok",
                        "DELIVERED",
                        Instant.EPOCH,
                        null,
                        Instant.EPOCH))
            .toList();

    List<List<OutcomeRow>> chunks = MultiRowOutcomeWriter.chunks(rows);

    assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(1_200);
    assertThat(chunks).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(500));
    // 100 excerpts of 16 KiB, counted at 4 bytes a character, do not fit one chunk of 2 MiB.
    assertThat(chunks.get(0).size()).isLessThan(100);
  }

  private static long placeholders(String sql) {
    return sql.chars().filter(c -> c == '?').count();
  }
}
