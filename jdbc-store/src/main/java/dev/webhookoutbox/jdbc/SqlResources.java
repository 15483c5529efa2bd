package dev.webhookoutbox.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Loads SQL text from resource files: a dialect's own file first, else the common one. */
final class SqlResources {

  private static final String QUERY_ROOT = "/dev/webhookoutbox/jdbc/sql/";
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private SqlResources() {}

  /** The query {@code name} for {@code dialect}, with its comment lines removed. */
  static String query(SqlDialect dialect, String name) {
    return CACHE.computeIfAbsent(
        dialect.resourceName() + "/" + name,
        key -> {
          String text = read(QUERY_ROOT + dialect.resourceName() + "/" + name + ".sql");
          if (text == null) {
            text = read(QUERY_ROOT + "common/" + name + ".sql");
          }
          if (text == null) {
            throw new IllegalStateException("missing SQL resource " + name + " for " + dialect);
          }
          return stripComments(text).trim();
        });
  }

  /**
   * A multi-row statement for {@code rows} rows: the part of {@code sql} between {@code {{} and
   * {@code }}} is written {@code rows - 1} times, each after a space (the first row is spelled out
   * before it).
   */
  static String repeatRows(String sql, int rows) {
    int start = sql.indexOf("{{");
    int end = sql.indexOf("}}", start);
    if (start < 0 || end < 0) {
      throw new IllegalStateException("no {{ }} part to repeat in " + sql);
    }
    String part = sql.substring(start + 2, end);
    return sql.substring(0, start)
        + (" " + part).repeat(Math.max(0, rows - 1))
        + sql.substring(end + 2);
  }

  /** Splits a DDL script into statements at semicolons that end a line. */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : stripComments(script).split("\n")) {
      current.append(line).append('\n');
      if (line.stripTrailing().endsWith(";")) {
        String statement = current.toString().trim();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().trim());
    }
    return statements;
  }

  static String read(String path) {
    try (InputStream in = SqlResources.class.getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static String stripComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.split("\n")) {
      if (!line.stripLeading().startsWith("--")) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }
}
