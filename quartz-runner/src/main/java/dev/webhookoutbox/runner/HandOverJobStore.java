package dev.webhookoutbox.runner;

import java.sql.SQLException;
import java.util.List;
import org.quartz.JobPersistenceException;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz's clustered {@link JobStoreTX}, plus a hand-over when its runner closes. Quartz acquires a
 * trigger shortly before it is due; a scheduler that shuts down holding one leaves it acquired, and
 * the other runners release it only once they declare this one dead (the failover time). So at
 * shutdown, when no job of this runner runs any more, this store releases what it still holds the
 * way the others would, and removes its check-in row: the cluster moves on at once.
 *
 * <p>Internal: public only because Quartz instantiates job stores by class name.
 */
public final class HandOverJobStore extends JobStoreTX {

  private static final Logger log = LoggerFactory.getLogger(HandOverJobStore.class);

  private volatile boolean started;

  @Override
  public void schedulerStarted() throws org.quartz.SchedulerException {
    super.schedulerStarted();
    started = true;
  }

  @Override
  public void shutdown() {
    try {
      if (started) {
        handOver();
      }
    } catch (JobPersistenceException | RuntimeException e) {
      log.warn(
          "Could not hand this runner's cluster triggers over; the other runners take them"
              + " over after the failover time",
          e);
    }
    super.shutdown();
  }

  private void handOver() throws JobPersistenceException {
    executeInLock(
        LOCK_TRIGGER_ACCESS,
        conn -> {
          try {
            if (!getDelegate()
                .selectInstancesFiredTriggerRecords(conn, getInstanceId())
                .isEmpty()) {
              log.info("Handing over the cluster triggers runner {} holds", getInstanceId());
              SchedulerStateRecord self = new SchedulerStateRecord();
              self.setSchedulerInstanceId(getInstanceId());
              clusterRecover(conn, List.of(self));
            }
            getDelegate().deleteSchedulerState(conn, getInstanceId());
            return null;
          } catch (SQLException e) {
            throw new JobPersistenceException("handing over failed", e);
          }
        });
  }
}
