package dev.webhookoutbox.bench;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Counts, at the JDBC boundary, the statements the library executes and the transactions it
 * commits: each element of a batch counts as one statement (as {@code pg_stat_statements} counts
 * them); each autocommit statement and each explicit {@code commit()} counts as one commit.
 */
final class CountingDataSource implements DataSource {

  private final DataSource delegate;
  final LongAdder statements = new LongAdder();
  final LongAdder commits = new LongAdder();

  CountingDataSource(DataSource delegate) {
    this.delegate = delegate;
  }

  void reset() {
    statements.reset();
    commits.reset();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(delegate.getConnection(user, password));
  }

  private Connection wrap(Connection connection) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object result = invoke(connection, method, args);
          switch (method.getName()) {
            case "commit" -> commits.increment();
            case "createStatement", "prepareStatement", "prepareCall" -> {
              return wrapStatement((Statement) result, connection);
            }
            default -> {}
          }
          return result;
        };
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  private Statement wrapStatement(Statement statement, Connection connection) {
    int[] batched = {0};
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("addBatch")) {
            batched[0]++;
          }
          Object result = invoke(statement, method, args);
          if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
            statements.add(batched[0]);
            batched[0] = 0;
            countAutoCommit(connection);
          } else if (name.startsWith("execute")) {
            statements.increment();
            countAutoCommit(connection);
          }
          return result;
        };
    return (Statement)
        Proxy.newProxyInstance(
            Statement.class.getClassLoader(), allStatementInterfaces(statement), handler);
  }

  private static Class<?>[] allStatementInterfaces(Statement statement) {
    if (statement instanceof java.sql.CallableStatement) {
      return new Class<?>[] {java.sql.CallableStatement.class};
    }
    if (statement instanceof java.sql.PreparedStatement) {
      return new Class<?>[] {java.sql.PreparedStatement.class};
    }
    return new Class<?>[] {Statement.class};
  }

  private void countAutoCommit(Connection connection) throws SQLException {
    if (connection.getAutoCommit()) {
      commits.increment();
    }
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      // A proxy throws what the target threw; the reflective wrapper is not a cause.
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
