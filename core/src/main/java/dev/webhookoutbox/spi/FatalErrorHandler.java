package dev.webhookoutbox.spi;

/**
 * Told when a part of a runner hit an error it cannot survive: an {@link OutOfMemoryError} or
 * another {@link VirtualMachineError} anywhere, or the death of a thread the runner cannot work
 * without (the outcome recorder, an HTTP I/O thread). A runner that went on after one would be a
 * zombie: alive, holding its claims, sending nothing. The runner that wires a handler closes itself
 * and tells its host; the standalone runner exits with status 3 so that its supervisor restarts it.
 *
 * <p>Called on the thread that caught the error, possibly several times for one failure (every part
 * that notices it reports it): handlers act once, return quickly and throw nothing.
 *
 * <pre>{@code
 * WebhookRunner runner = WebhookRunner.builder(dataSource)
 *     .fatalErrorHandler((component, error) -> health.markDown("webhook runner: " + error))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface FatalErrorHandler {

  /**
   * @param component the part that failed, e.g. {@code "outcome recorder"}, for the log
   * @param error what it threw
   */
  void fatalError(String component, Throwable error);

  /** Whether {@code error}, or any of its causes, is a {@link VirtualMachineError}. */
  static boolean isFatal(Throwable error) {
    return fatalCause(error) != null;
  }

  /** The first {@link VirtualMachineError} among {@code error} and its causes, or {@code null}. */
  static VirtualMachineError fatalCause(Throwable error) {
    // Bounded: a cause chain can be a cycle.
    Throwable t = error;
    for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
      if (t instanceof VirtualMachineError fatal) {
        return fatal;
      }
    }
    return null;
  }
}
