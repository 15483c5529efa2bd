package dev.webhookoutbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.jdbc.JdbcOutboxStore;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.ClusterSettings;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.runner.http.SenderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark: six scenarios against the local PostgreSQL and a receiver in its own process.
 * Prints one JSON object per scenario on stdout, then a short table.
 *
 * <pre>
 * java -jar integration-tests/target/webhook-outbox-benchmark.jar [--quick] [--only N,M]
 *     [--database postgresql|mariadb]
 * </pre>
 *
 * Scenarios 1 to 6 run by default; 7 (1, 2 and 3 runner processes on one backlog) only when named.
 *
 * <p>PostgreSQL comes from {@code WEBHOOKS_BENCH_POSTGRES_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}); the benchmark works in its own
 * schema {@code webhook_bench}, which it drops at the end. With {@code --database mariadb},
 * scenarios 2 and 3 run on the MariaDB at {@code WEBHOOKS_BENCH_MARIADB_URL} (default {@code
 * jdbc:mariadb://127.0.0.1:3306/test}, user {@code root}) in a database {@code webhook_bench}.
 */
public final class Benchmark {

  private static final int WARM_UP_PER_RUNNER = 150_000;
  private static final int HEALTHY_ENDPOINTS = 20;

  /** 20 endpoints, and a 21st for the dead one among 20 healthy. */
  private static final int RECEIVER_PORTS = HEALTHY_ENDPOINTS + 1;

  private final boolean quick;
  private final BenchDatabase database;
  private final ObjectMapper json = new ObjectMapper();
  private final List<Map<String, Object>> results = new ArrayList<>();
  private double baselineRate;
  private final ReceiverProcess receivers;

  private Benchmark(boolean quick, BenchDatabase database, ReceiverProcess receivers) {
    this.quick = quick;
    this.database = database;
    this.receivers = receivers;
  }

  public static void main(String[] args) throws Exception {
    List<String> options = Arrays.asList(args);
    boolean quick = options.contains("--quick");
    String only =
        options.contains("--only") ? options.get(options.indexOf("--only") + 1) : "1,2,3,4,5,6";
    String databaseName =
        options.contains("--database")
            ? options.get(options.indexOf("--database") + 1)
            : "postgresql";
    try (BenchDatabase database = BenchDatabase.of(databaseName)) {
      for (String scenario : only.split(",")) {
        if (!database.runs(Integer.parseInt(scenario.trim()))) {
          throw new IllegalArgumentException(
              "scenario "
                  + scenario.trim()
                  + " runs on PostgreSQL only; on "
                  + databaseName
                  + " use --only 2,3");
        }
      }
      ReceiverProcess receivers = new ReceiverProcess(RECEIVER_PORTS);
      Benchmark benchmark = new Benchmark(quick, database, receivers);
      long start = System.nanoTime();
      benchmark.warmUp();
      for (String scenario : only.split(",")) {
        benchmark.run(Integer.parseInt(scenario.trim()));
      }
      benchmark.printTable(Duration.ofNanos(System.nanoTime() - start));
      receivers.shutdown();
    }
    System.exit(0);
  }

  /**
   * Runs the enqueue and dispatch paths once, unmeasured, so that every scenario sees JIT-compiled
   * code, as a long-running runner does; it is reported on stderr only.
   */
  private void warmUp() throws Exception {
    int count = quick ? 5_000 : WARM_UP_PER_RUNNER;
    HikariDataSource ds = database.recreate();
    try (ReceiverProcess receiver = receivers.reused()) {
      Backlog.fill(ds, count, 1024, i -> receiver.url(0, "ok"));
      Drain drain = drain(ds, count, receiver, 1, null);
      System.err.printf("warm-up: %d deliveries at %.0f/s%n", count, drain.rate());
    }
  }

  private void run(int scenario) throws Exception {
    Map<String, Object> result =
        switch (scenario) {
          case 1 ->
              new EnqueueCostScenario(database, receivers, quick).run(scenario(1, "enqueue_cost"));
          case 2 -> backlogDrain();
          case 3 -> latency();
          case 4 -> twoRunnerProcesses();
          case 5 -> sickEndpoints();
          case 6 -> millionRows();
          case 7 -> scaleOut();
          default -> throw new IllegalArgumentException("no scenario " + scenario);
        };
    results.add(result);
    System.out.println(json.writeValueAsString(result));
    System.out.flush();
  }

  // 2. One runner drains a backlog of signed 1 KiB deliveries.
  private Map<String, Object> backlogDrain() throws Exception {
    int count = quick ? 10_000 : 100_000;
    HikariDataSource ds = database.recreate();
    try (ReceiverProcess receiver = receivers.reused()) {
      double fillRate = Backlog.fill(ds, count, 1024, i -> receiver.url(0, "ok"));
      CpuUse cpu = database.serverProcesses(new CpuUse().thisProcess("runner")).receiver(receiver);
      Map<String, Duration> cpuBefore = cpu.read();
      Map<String, Long> countersBefore = database.counters();
      Drain drain = drain(ds, count, receiver, 1, null);
      Map<String, Long> countersAfter = database.counters();
      baselineRate = drain.rate;
      Map<String, Object> r = scenario(2, "backlog_drain");
      cpu.report(cpuBefore, count, "", r);
      r.put("deliveries", count);
      r.put("deliveries_per_sec", Math.round(drain.rate));
      r.put("sql_statements_per_delivery", Measure.round(drain.statements / (double) count, 3));
      r.put("library_commits_per_delivery", Measure.round(drain.commits / (double) count, 4));
      r.put(
          database.prefix() + "_commits_per_delivery",
          Measure.round(drain.pgCommits / (double) count, 4));
      r.put(database.logName() + "_per_delivery", Math.round(drain.walBytes / (double) count));
      countersAfter.forEach(
          (name, after) ->
              r.put(
                  name.toLowerCase(java.util.Locale.ROOT) + "_per_delivery",
                  Measure.round((after - countersBefore.get(name)) / (double) count, 3)));
      r.put("duplicates", receiver.stats().get("duplicates").asLong());
      r.put("backlog_fill_rows_per_sec", Math.round(fillRate));
      return r;
    }
  }

  // 3. Commit-to-first-attempt latency under a steady open-loop load.
  private Map<String, Object> latency() throws Exception {
    int perSecond = 1000;
    int seconds = quick ? 5 : 20;
    int total = perSecond * seconds;
    HikariDataSource ds = database.recreate();
    try (ReceiverProcess receiver = receivers.reused();
        WebhookRunner runner = runner(ds, "bench-latency", SenderSettings.defaults())) {
      runner.start();
      WebhookOutbox outbox = RunnerUrlPolicy.allowLoopback(WebhookOutbox.builder()).build();
      String[] ids = new String[total];
      long[] commitMicros = new long[total];
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime() + 200_000_000L;
      ExecutorService producers = Executors.newFixedThreadPool(8);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            producers.submit(
                () -> {
                  for (int k = next.getAndIncrement(); k < total; k = next.getAndIncrement()) {
                    long due = start + k * 1_000_000_000L / perSecond;
                    LockSupport.parkNanos(due - System.nanoTime());
                    try (Connection tx = ds.getConnection()) {
                      tx.setAutoCommit(false);
                      UUID id =
                          outbox.enqueue(
                              tx,
                              WebhookRequest.builder(receiver.url(0, "ok"), "completed")
                                  .signingSecret(Backlog.SECRET)
                                  .payload(Backlog.body(k, 1024))
                                  .build());
                      tx.commit();
                      commitMicros[k] = Measure.micros(Instant.now());
                      ids[k] = id.toString();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      producers.shutdown();
      double offered = total / ((System.nanoTime() - start) / 1e9);
      Measure.awaitUntil(Duration.ofSeconds(60), () -> receivedDistinct(receiver) >= total);
      Map<String, Long> arrivals = receiver.arrivals();
      long[] latencies = new long[total];
      for (int k = 0; k < total; k++) {
        latencies[k] = arrivals.getOrDefault(ids[k], Long.MAX_VALUE) - commitMicros[k];
      }
      Arrays.sort(latencies);
      Map<String, Object> r = scenario(3, "latency");
      r.put("offered_per_sec", Math.round(offered));
      r.put("deliveries", total);
      r.put("p50_ms", Measure.round(latencies[total / 2] / 1000.0, 2));
      r.put("p99_ms", Measure.round(latencies[(int) (total * 0.99)] / 1000.0, 2));
      r.put("max_ms", Measure.round(latencies[total - 1] / 1000.0, 2));
      return r;
    }
  }

  // 4. Two runner processes on one backlog.
  private Map<String, Object> twoRunnerProcesses() throws Exception {
    int count = quick ? 10_000 : 100_000;
    Map<String, Object> r = scenario(4, "two_runner_processes");
    r.put("deliveries", count);
    drainWithProcesses(count, 2, r, "");
    r.put("one_runner_deliveries_per_sec", Math.round(baselineRate));
    return r;
  }

  // 7 (not in the default run). How far one PostgreSQL goes: 1, 2 and 3 runner processes.
  private Map<String, Object> scaleOut() throws Exception {
    int count = quick ? 10_000 : 100_000;
    Map<String, Object> r = scenario(7, "scale_out");
    r.put("deliveries", count);
    for (int processes = 1; processes <= 3; processes++) {
      drainWithProcesses(count, processes, r, "_" + processes + "_runners");
    }
    return r;
  }

  /**
   * Runner processes drain a backlog; the rate is from first to last arrival at the receiver.
   *
   * <p>Fresh JVMs first drain a warm-up backlog of {@link #WARM_UP_PER_RUNNER} deliveries each, as
   * the in-process runner does before scenario 2: a runner JVM's JIT compilers stay busy for that
   * long. Measured: a second of compile time per second of draining after 15,000 deliveries each;
   * two processes' runner CPU per delivery 77 to 91 µs after 100,000 each, 50 to 63 µs after
   * 150,000.
   */
  private void drainWithProcesses(int count, int processes, Map<String, Object> r, String suffix)
      throws Exception {
    HikariDataSource ds = database.recreate();
    try (ReceiverProcess receiver = receivers.reused()) {
      List<Process> runners = new ArrayList<>();
      for (int i = 1; i <= processes; i++) {
        runners.add(startRunnerProcess("bench-process-" + i));
      }
      try {
        int warmUp = (quick ? 5_000 : WARM_UP_PER_RUNNER) * processes;
        long start = System.nanoTime();
        Backlog.fill(ds, warmUp, 1024, i -> receiver.url(0, "ok"), "warm-up-");
        Measure.awaitUntil(Duration.ofMinutes(5), () -> receivedDistinct(receiver) >= warmUp);
        System.err.printf(
            "%d runner processes: warm-up of %d deliveries in %.1f s, then compiling for %d ms%n",
            processes, warmUp, (System.nanoTime() - start) / 1e9, awaitQuiet(runners).toMillis());
        CpuUse cpu = database.serverProcesses(new CpuUse().runners(runners)).receiver(receiver);
        Map<String, Duration> cpuBefore = new HashMap<>();
        long pgCommitsBefore = database.committedTransactions();
        double rate =
            heldDrain(ds, receiver, count, "prediction-", () -> cpuBefore.putAll(cpu.read()));
        cpu.report(cpuBefore, count, suffix, r);
        long total = warmUp + count;
        Measure.awaitUntil(
            Duration.ofSeconds(30), () -> countQuietly("status = 'DELIVERED'") >= total);
        long pgCommits = database.committedTransactions() - pgCommitsBefore;
        r.put("deliveries_per_sec" + suffix, Math.round(rate));
        r.put("duplicates" + suffix, receiver.stats().get("duplicates").asLong());
        r.put("pg_commits_per_delivery" + suffix, Measure.round((double) pgCommits / count, 4));
        r.put("left_in_flight" + suffix, countQuietly("status = 'IN_FLIGHT'"));
      } finally {
        for (Process p : runners) {
          p.destroy();
          p.waitFor(20, TimeUnit.SECONDS);
        }
      }
    }
  }

  /**
   * Waits until the runner processes, now without work, use less than a tenth of a core: until
   * their JIT compilers have caught up with what the warm-up asked of them.
   */
  private static Duration awaitQuiet(List<Process> runners) throws InterruptedException {
    CpuUse cpu = new CpuUse().runners(runners);
    long start = System.nanoTime();
    Duration last = cpu.read().get("runners");
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      Thread.sleep(250);
      Duration now = cpu.read().get("runners");
      if (now.minus(last).toMillis() < 25) {
        break;
      }
      last = now;
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * Commits a backlog in one transaction while the running runners poll, so that they meet all of
   * it at once, as scenario 2's runner does; returns the rate from first to last arrival.
   */
  private static double heldDrain(
      HikariDataSource ds,
      ReceiverProcess receiver,
      int count,
      String subjectPrefix,
      Runnable committed)
      throws Exception {
    receiver.reset();
    Backlog.fillWhileHoldingClaims(ds, count, 1024, i -> receiver.url(0, "ok"), subjectPrefix);
    committed.run();
    Measure.awaitUntil(Duration.ofMinutes(5), () -> receivedDistinct(receiver) >= count);
    Map<String, Long> arrivals = receiver.arrivals();
    long first = arrivals.values().stream().mapToLong(Long::longValue).min().orElse(0);
    long last = arrivals.values().stream().mapToLong(Long::longValue).max().orElse(1);
    return count / ((last - first) / 1e6);
  }

  private Process startRunnerProcess(String id) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
    // For profiling, e.g. -XX:StartFlightRecording=filename=/tmp/jfr/ (one file per process)
    String jvmOptions = BenchDatabase.env("WEBHOOKS_BENCH_RUNNER_JVM_OPTIONS", "");
    if (!jvmOptions.isBlank()) {
      command.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.webhookoutbox.runner.RunnerMain",
            "run"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("WEBHOOKS_DB_URL", database.schemaUrl());
    env.put("WEBHOOKS_DB_USER", database.user());
    env.put("WEBHOOKS_DB_PASSWORD", database.password());
    env.put("WEBHOOKS_RUNNER_ID", id);
    env.put("WEBHOOKS_MIGRATE_ON_START", "false");
    env.putAll(RunnerUrlPolicy.allowLoopbackEnv());
    Path log = Files.createTempFile(id, ".log");
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  // 5. A tenth of the endpoints fail with 500, or hang until the timeout; then one dead endpoint
  // among 20 healthy ones, against the same 20 alone.
  private Map<String, Object> sickEndpoints() throws Exception {
    int count = quick ? 10_000 : 50_000;
    int endpoints = HEALTHY_ENDPOINTS;
    int sick = 2;
    Map<String, Object> r = scenario(5, "sick_endpoints");
    r.put("deliveries", count);
    r.put("endpoints", endpoints);
    r.put("sick_endpoints", sick);
    // Endpoint i % endpoints; the first `sick` of them misbehave.
    double none = healthyRate(count, endpoints, i -> "ok");
    for (String behaviour : List.of("fail", "hang")) {
      double rate = healthyRate(count, endpoints, i -> i < sick ? behaviour : "ok");
      r.put("healthy_deliveries_per_sec_" + behaviour, Math.round(rate));
      r.put(
          "healthy_ratio_to_baseline_" + behaviour,
          baselineRate == 0 ? null : Measure.round(rate / baselineRate, 3));
      r.put("healthy_ratio_to_all_healthy_" + behaviour, Measure.round(rate / none, 3));
    }
    // Endpoint 20 (the 21st port) hangs; the other 20 are those of the all-healthy run.
    double oneDead = healthyRate(count, endpoints + 1, i -> i == endpoints ? "hang" : "ok");
    r.put("healthy_deliveries_per_sec_all_healthy", Math.round(none));
    r.put("healthy_deliveries_per_sec_one_dead_of_21", Math.round(oneDead));
    r.put("healthy_ratio_one_dead_to_all_healthy", Measure.round(oneDead / none, 3));
    r.put("baseline_deliveries_per_sec", Math.round(baselineRate));
    return r;
  }

  /**
   * Drains {@code count} deliveries spread round-robin over {@code endpoints} endpoints, each
   * answering as {@code behaviourOf} says, and returns the rate at which the healthy ones ("ok")
   * were delivered.
   */
  private double healthyRate(
      int count, int endpoints, java.util.function.IntFunction<String> behaviourOf)
      throws Exception {
    int healthy =
        (int)
            java.util.stream.IntStream.range(0, count)
                .filter(i -> behaviourOf.apply(i % endpoints).equals("ok"))
                .count();
    HikariDataSource ds = database.recreate();
    try (ReceiverProcess receiver = receivers.reused()) {
      Backlog.fill(
          ds, count, 1024, i -> receiver.url(i % endpoints, behaviourOf.apply(i % endpoints)));
      SenderSettings timeouts =
          SenderSettings.defaults()
              .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5));
      return drain(ds, healthy, receiver, endpoints, timeouts).rate;
    }
  }

  // 6. A million pending rows: does the rate hold, does memory stay flat?
  private Map<String, Object> millionRows() throws Exception {
    int count = quick ? 50_000 : 1_000_000;
    HikariDataSource ds = database.recreate();
    try (ReceiverProcess receiver = receivers.reused()) {
      long heapIdle;
      try (WebhookRunner idle = runner(ds, "bench-idle", SenderSettings.defaults())) {
        idle.start();
        Thread.sleep(1000);
        heapIdle = Measure.usedHeapAfterGc();
      }
      double fillRate = Backlog.fill(ds, count, 1024, i -> receiver.url(0, "ok"));
      CountingDataSource counting = new CountingDataSource(ds);
      long[] heapSamples = new long[3];
      double[] windowRates = new double[10];
      long started = System.nanoTime();
      try (WebhookRunner runner = runner(counting, "bench-million", SenderSettings.defaults())) {
        runner.start();
        long windowStart = started;
        for (int w = 0; w < 10; w++) {
          long target = (long) count * (w + 1) / 10;
          Measure.awaitUntil(Duration.ofMinutes(10), () -> runner.stats().delivered() >= target);
          long now = System.nanoTime();
          windowRates[w] = (count / 10.0) / ((now - windowStart) / 1e9);
          windowStart = now;
          if (w == 0 || w == 4 || w == 8) {
            heapSamples[w / 4] = Measure.usedHeapAfterGc();
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long maxHeap = Arrays.stream(heapSamples).max().orElse(0);
      Map<String, Object> r = scenario(6, "million_backlog");
      r.put("deliveries", count);
      r.put("backlog_fill_rows_per_sec", Math.round(fillRate));
      r.put("drain_seconds", Measure.round(seconds, 1));
      r.put("deliveries_per_sec", Math.round(count / seconds));
      r.put("initial_rate", Math.round(windowRates[0]));
      r.put("final_rate", Math.round(windowRates[9]));
      r.put("final_to_initial_ratio", Measure.round(windowRates[9] / windowRates[0], 3));
      r.put("heap_idle_mib", Measure.mib(heapIdle));
      r.put("heap_max_during_drain_mib", Measure.mib(maxHeap));
      r.put("heap_growth_mib", Measure.mib(maxHeap - heapIdle));
      r.put("rss_mib", Measure.mib(Measure.rssBytes()));
      r.put("duplicates", receiver.stats().get("duplicates").asLong());
      return r;
    }
  }

  private record Drain(double rate, long statements, long commits, long pgCommits, long walBytes) {}

  private Drain drain(
      HikariDataSource ds,
      int expected,
      ReceiverProcess receiver,
      int endpoints,
      SenderSettings sender)
      throws Exception {
    CountingDataSource counting = new CountingDataSource(ds);
    long pgCommitsBefore = database.committedTransactions();
    long walBefore = database.walPosition();
    long start = System.nanoTime();
    try (WebhookRunner runner =
        runner(counting, "bench-drain", sender == null ? SenderSettings.defaults() : sender)) {
      runner.start();
      Measure.awaitUntil(Duration.ofMinutes(10), () -> runner.stats().delivered() >= expected);
      double rate = expected / ((System.nanoTime() - start) / 1e9);
      long statements = counting.statements.sum();
      long commits = counting.commits.sum();
      long pgCommits = database.committedTransactions() - pgCommitsBefore;
      long wal = database.walPosition() - walBefore;
      return new Drain(rate, statements, commits, pgCommits, wal);
    }
  }

  private WebhookRunner runner(javax.sql.DataSource ds, String id, SenderSettings sender) {
    TraceObserver trace = TraceObserver.enabled() ? new TraceObserver() : null;
    WebhookRunner.Builder builder =
        trace == null
            ? WebhookRunner.builder(ds)
            : WebhookRunner.builder(trace.timed(new JdbcOutboxStore(ds)))
                .cluster(ClusterSettings.defaults(), ds)
                .observer(trace);
    builder.runnerId(id).senderSettings(sender).shutdownDeadline(Duration.ofSeconds(1));
    return RunnerUrlPolicy.allowLoopback(builder).build();
  }

  private long countQuietly(String where) {
    try {
      return database.count(where);
    } catch (Exception e) {
      return -1;
    }
  }

  private static long receivedDistinct(ReceiverProcess receiver) {
    try {
      return receiver.stats().get("distinct").asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  private Map<String, Object> scenario(int number, String name) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("scenario", number);
    r.put("name", name);
    r.put("mode", quick ? "quick" : "default");
    return r;
  }

  private void printTable(Duration elapsed) {
    System.out.println();
    System.out.printf("%-22s %s%n", "scenario", "figures");
    for (Map<String, Object> r : results) {
      StringBuilder figures = new StringBuilder();
      r.forEach(
          (k, v) -> {
            if (!k.equals("scenario") && !k.equals("name") && !k.equals("mode")) {
              figures.append(k).append('=').append(v).append("  ");
            }
          });
      System.out.printf("%-22s %s%n", r.get("scenario") + " " + r.get("name"), figures);
    }
    System.out.printf("total time: %.0f s%n", elapsed.toMillis() / 1000.0);
  }
}
