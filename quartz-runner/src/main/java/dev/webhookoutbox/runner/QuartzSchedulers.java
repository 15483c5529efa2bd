package dev.webhookoutbox.runner;

import dev.webhookoutbox.jdbc.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.quartz.simpl.RAMJobStore;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Creates the runner's two Quartz schedulers: the per-node in-memory one, and the clustered one on
 * the host's {@link DataSource}.
 *
 * <p>Quartz keeps schedulers in a JVM-wide repository keyed by name, and hands out the one already
 * there instead of creating another. Every runner of a cluster must share the cluster's name, and
 * several runners may live in one JVM (tests, or a host embedding two), so each scheduler is taken
 * out of the repository right after it is created: it stays reachable only through its runner.
 */
final class QuartzSchedulers {

  private static final Object CREATION = new Object();
  private static final AtomicLong DATA_SOURCE_NAMES = new AtomicLong();

  private QuartzSchedulers() {}

  /** The node's own scheduler: the drain loop, the failure notifier, and unclustered jobs. */
  static Scheduler local(String runnerId, int threads) throws SchedulerException {
    Properties p = common("webhook-runner-" + runnerId, runnerId, threads);
    p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
    return create(p);
  }

  /**
   * A scheduler on Quartz's clustered {@link JobStoreTX}, with connections from {@code dataSource}
   * (no pool of its own), so its {@code QRTZ_*} tables are found where the outbox tables are.
   */
  static Scheduler clustered(
      ClusterSettings settings, String runnerId, DataSource dataSource, int threads)
      throws SchedulerException {
    Properties p = common(settings.name(), runnerId, threads);
    p.setProperty("org.quartz.scheduler.threadName", "webhook-cluster-" + runnerId);
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "webhook-cluster-" + runnerId + "-job");
    long checkin = settings.checkinInterval().toMillis();
    // Quartz acquires a trigger up to idleWaitTime before it is due; a runner that dies holding
    // one delays it until the failover, so the window is kept short. Quartz refuses below 1 s.
    p.setProperty("org.quartz.scheduler.idleWaitTime", Long.toString(Math.max(1_000, checkin)));
    p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, HandOverJobStore.class.getName());
    p.setProperty("org.quartz.jobStore.driverDelegateClass", delegateFor(dataSource));
    p.setProperty("org.quartz.jobStore.dataSource", register(dataSource, runnerId));
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkin));
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        Long.toString(settings.misfireThreshold().toMillis()));
    // Job data as strings, never Java-serialised objects in the host's database; the jobs take
    // their collaborators from the scheduler context anyway.
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    return create(p);
  }

  private static Properties common(String name, String instanceId, int threads) {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, instanceId);
    p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    return p;
  }

  private static Scheduler create(Properties properties) throws SchedulerException {
    synchronized (CREATION) {
      StdSchedulerFactory factory = new StdSchedulerFactory(properties);
      String name = properties.getProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME);
      // Not ours to reuse: a scheduler of that name left bound by someone else is none of ours.
      if (SchedulerRepository.getInstance().lookup(name) != null) {
        throw new SchedulerException(
            "a Quartz scheduler named '"
                + name
                + "' is registered in this JVM by other code; give the cluster another name");
      }
      Scheduler scheduler = factory.getScheduler();
      SchedulerRepository.getInstance().remove(name);
      return scheduler;
    }
  }

  private static String delegateFor(DataSource dataSource) {
    return switch (SqlDialect.detect(dataSource)) {
      case POSTGRESQL -> PostgreSQLDelegate.class.getName();
      // Quartz's own MySQL/InnoDB tables (migration V4) go with its standard delegate.
      case H2, MARIADB -> StdJDBCDelegate.class.getName();
    };
  }

  /**
   * Quartz looks data sources up by name in a JVM-wide registry; each runner registers its own
   * under a name no other runner uses.
   */
  private static String register(DataSource dataSource, String runnerId) {
    String name = "webhook-outbox-" + runnerId + "-" + DATA_SOURCE_NAMES.incrementAndGet();
    synchronized (CREATION) {
      DBConnectionManager.getInstance()
          .addConnectionProvider(name, new HostConnectionProvider(dataSource));
    }
    return name;
  }

  /** Lends the host's pooled connections to Quartz; never closes the host's pool. */
  private static final class HostConnectionProvider implements ConnectionProvider {
    private volatile DataSource dataSource;

    HostConnectionProvider(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
      DataSource current = dataSource;
      if (current == null) {
        throw new SQLException("the runner's clustered scheduler is shut down");
      }
      return current.getConnection();
    }

    @Override
    public void shutdown() {
      // The registry keeps this provider for the JVM's life; it must not keep the pool too.
      dataSource = null;
    }

    @Override
    public void initialize() {}
  }
}
