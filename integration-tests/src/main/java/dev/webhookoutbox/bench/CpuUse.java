package dev.webhookoutbox.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CPU time spent by groups of processes on this machine (runners, PostgreSQL or MariaDB, the
 * receiver), so a scenario can say where each delivery's time went. Database server processes are
 * found by command name; a process that ends between two readings is not counted.
 */
final class CpuUse {

  private final Map<String, Predicate<ProcessHandle>> groups = new LinkedHashMap<>();

  CpuUse runners(List<Process> processes) {
    List<Long> pids = processes.stream().map(Process::pid).toList();
    groups.put("runners", p -> pids.contains(p.pid()));
    return this;
  }

  CpuUse thisProcess(String name) {
    long pid = ProcessHandle.current().pid();
    groups.put(name, p -> p.pid() == pid);
    return this;
  }

  CpuUse receiver(ReceiverProcess receiver) {
    long pid = receiver.pid();
    groups.put("receiver", p -> p.pid() == pid);
    return this;
  }

  CpuUse postgres() {
    groups.put("postgres", p -> p.info().command().orElse("").endsWith("/postgres"));
    return this;
  }

  CpuUse mariadb() {
    groups.put("mariadbd", p -> p.info().command().orElse("").endsWith("/mariadbd"));
    return this;
  }

  /** CPU time per group now. */
  Map<String, Duration> read() {
    Map<String, Duration> use = new LinkedHashMap<>();
    groups.keySet().forEach(name -> use.put(name, Duration.ZERO));
    ProcessHandle.allProcesses()
        .forEach(
            p ->
                groups.forEach(
                    (name, member) -> {
                      if (member.test(p)) {
                        Duration cpu = p.info().totalCpuDuration().orElse(Duration.ZERO);
                        use.merge(name, cpu, Duration::plus);
                      }
                    }));
    return use;
  }

  /** Puts {@code cpu_us_per_delivery_<group>} into {@code result}: CPU since {@code before}. */
  void report(Map<String, Duration> before, long deliveries, String suffix, Map<String, Object> r) {
    read()
        .forEach(
            (name, now) -> {
              double micros = (now.toNanos() - before.get(name).toNanos()) / 1000.0;
              r.put("cpu_us_per_delivery_" + name + suffix, Math.round(micros / deliveries));
            });
  }
}
