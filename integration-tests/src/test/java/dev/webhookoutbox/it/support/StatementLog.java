package dev.webhookoutbox.it.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps a connection and records each statement the library executes on it (a batch counts once per
 * execution), to check how many round trips an enqueue costs inside the host's transaction.
 */
public final class StatementLog {

  private final List<String> executed = new CopyOnWriteArrayList<>();

  public List<String> executed() {
    return List.copyOf(executed);
  }

  public Connection wrap(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              Object result = call(connection, method, args);
              if (method.getName().equals("prepareStatement")) {
                return wrap((PreparedStatement) result, (String) args[0]);
              }
              return result;
            });
  }

  private PreparedStatement wrap(PreparedStatement statement, String sql) {
    String firstWord = sql.strip().split("\\s+")[0].toUpperCase(Locale.ROOT);
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("execute")) {
                executed.add(firstWord);
              }
              return call(statement, method, args);
            });
  }

  private static Object call(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      // A proxy throws what the target threw; the reflective wrapper is not a cause.
      throw e.getCause();
    }
  }
}
