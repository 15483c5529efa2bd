package dev.webhookoutbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The three ways to apply the schema see the same files: {@link OutboxSchema#MIGRATIONS}, the files
 * Flyway finds in each dialect's folder, and the changesets of the Liquibase changelog. A new
 * migration fails here until it is in all three.
 */
class MigrationFilesTest {

  @Test
  void eachDialectsFolderHoldsExactlyTheRegisteredMigrations() throws Exception {
    for (SqlDialect dialect : List.of(SqlDialect.POSTGRESQL, SqlDialect.H2)) {
      assertThat(filesIn("/db/webhook-outbox/" + dialect.resourceName()))
          .as(dialect + " files, as Flyway finds them, against OutboxSchema.MIGRATIONS")
          .containsExactlyElementsOf(OutboxSchema.MIGRATIONS);
    }
  }

  @Test
  void theLiquibaseChangelogHasOneChangesetPerMigrationInOrder() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    try (InputStream in = getClass().getResourceAsStream("/db/webhook-outbox/changelog.xml")) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      NodeList changeSets =
          factory.newDocumentBuilder().parse(in).getElementsByTagNameNS("*", "changeSet");
      for (int i = 0; i < changeSets.getLength(); i++) {
        Element changeSet = (Element) changeSets.item(i);
        assertThat(changeSet.getAttribute("author")).isEqualTo("webhook-outbox");
        ids.add(changeSet.getAttribute("id") + ".sql");
        Element sqlFile = (Element) changeSet.getElementsByTagNameNS("*", "sqlFile").item(0);
        paths.add(sqlFile.getAttribute("path"));
      }
    }
    assertThat(ids).containsExactlyElementsOf(OutboxSchema.MIGRATIONS);
    assertThat(paths)
        .containsExactlyElementsOf(
            OutboxSchema.MIGRATIONS.stream().map(f -> "${webhookOutboxDialect}/" + f).toList());
  }

  @Test
  void versionsAscend() {
    List<Integer> versions = OutboxSchema.MIGRATIONS.stream().map(OutboxSchema::versionOf).toList();
    assertThat(versions).isSorted().doesNotHaveDuplicates();
  }

  private List<String> filesIn(String folder) throws IOException, URISyntaxException {
    Path path = Path.of(getClass().getResource(folder).toURI());
    try (Stream<Path> files = Files.list(path)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".sql"))
          .sorted((a, b) -> Integer.compare(OutboxSchema.versionOf(a), OutboxSchema.versionOf(b)))
          .toList();
    }
  }
}
