package dev.webhookoutbox.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The standalone runner ({@code webhook-outbox-runner.jar run}) as a process of its own, configured
 * by environment variables only, its output in {@code <runnerId>.log} under the work directory.
 */
public final class RunnerJvm implements AutoCloseable {

  private final String runnerId;
  private final Process process;
  private final Path log;

  private RunnerJvm(String runnerId, Process process, Path log) {
    this.runnerId = runnerId;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code run} with {@code WEBHOOKS_RUNNER_ID=runnerId} and {@code env}; no other {@code
   * WEBHOOKS_*} variable of the test's environment leaks in.
   */
  public static RunnerJvm start(Path workDir, String runnerId, Map<String, String> env) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Small and quick to start: several of these share two cores with the database and the test.
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    Path jar =
        Path.of("..", "quartz-runner", "target", "webhook-outbox-runner.jar").toAbsolutePath();
    if (Files.exists(jar)) {
      command.addAll(List.of("-jar", jar.toString()));
    } else {
      command.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), "dev.webhookoutbox.runner.RunnerMain"));
    }
    command.add("run");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("WEBHOOKS_"));
    builder.environment().putAll(env);
    builder.environment().put("WEBHOOKS_RUNNER_ID", runnerId);
    Path log = workDir.resolve(runnerId + ".log");
    try {
      Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
      return new RunnerJvm(runnerId, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  public String runnerId() {
    return runnerId;
  }

  public Process process() {
    return process;
  }

  /** Everything the runner printed so far. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean started() {
    return log().contains("Webhook runner " + runnerId + " started");
  }

  /** SIGKILL: no shutdown hook, no release of claims. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /**
   * SIGTERM, then waits up to {@code timeout} for the exit.
   *
   * @return the exit status, or -1 if the runner was still running after {@code timeout}
   */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
