package dev.webhookoutbox.internal.claim;

import dev.webhookoutbox.internal.Ticker;
import dev.webhookoutbox.spi.ClaimedDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * The ledger of what one runner holds: every delivery it claimed and has neither recorded nor given
 * back, bounded by {@code capacity}. The only place that knows; the claim loop, the recorder and
 * the shutdown ask it.
 *
 * <p>A slot is free when no held delivery and no claim in progress takes it, so the free count is
 * derived, never counted up and down: a delivery given back twice, or recorded after it was given
 * back, frees its slot once; a claim that fails frees what it reserved. {@link #awaitEmpty} is what
 * a graceful stop waits on, for the whole deadline.
 *
 * <p>Thread-safe; one lock, taken once per batch, never while the store is called.
 */
public final class InFlight {

  private final int capacity;
  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition emptied = lock.newCondition();
  private final Map<UUID, ClaimedDelivery> held = new HashMap<>();
  private int reserved;
  private boolean closed;

  public InFlight(int capacity, Ticker ticker) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
    this.ticker = ticker;
  }

  int capacity() {
    return capacity;
  }

  /** Slots neither held nor reserved by a claim in progress. */
  int free() {
    lock.lock();
    try {
      return Math.max(0, capacity - held.size() - reserved);
    } finally {
      lock.unlock();
    }
  }

  /** Deliveries claimed and not yet recorded or given back. */
  public int size() {
    lock.lock();
    try {
      return held.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reserves up to {@code limit} free slots, claims with them ({@code claimer} gets the number and
   * returns what the store handed out), and holds what came back; unused slots are free again. The
   * claimer runs without the lock. Once {@link #close()} was called it is not called at all.
   *
   * @throws RuntimeException what the claimer threw, after its reservation was freed
   */
  List<ClaimedDelivery> claim(int limit, IntFunction<List<ClaimedDelivery>> claimer) {
    int reservation;
    lock.lock();
    try {
      reservation = closed ? 0 : Math.min(limit, capacity - held.size() - reserved);
      reserved += Math.max(0, reservation);
    } finally {
      lock.unlock();
    }
    if (reservation <= 0) {
      return List.of();
    }
    List<ClaimedDelivery> batch = List.of();
    try {
      batch = Objects.requireNonNullElse(claimer.apply(reservation), List.of());
      return batch;
    } finally {
      lock.lock();
      try {
        reserved -= reservation;
        // A store that hands out more than asked still had them claimed: hold them all, so that
        // each is recorded or given back, rather than lose track and wait for its lease.
        for (ClaimedDelivery delivery : batch) {
          held.put(delivery.id(), delivery);
        }
        signalIfEmpty();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Deliveries whose outcome was written: no longer held. Ids not held (given back at shutdown
   * before their outcome came) are skipped.
   *
   * @return the held deliveries among them, by id
   */
  Map<UUID, ClaimedDelivery> record(Collection<UUID> ids) {
    Map<UUID, ClaimedDelivery> removed = new HashMap<>();
    lock.lock();
    try {
      for (UUID id : ids) {
        ClaimedDelivery delivery = held.remove(id);
        if (delivery != null) {
          removed.put(id, delivery);
        }
      }
      signalIfEmpty();
    } finally {
      lock.unlock();
    }
    return removed;
  }

  /**
   * Deliveries given back to the store unsent (postponed, parked, held back, released at shutdown),
   * or that the store failed to take back and whose lease will expire: no longer held.
   *
   * @return how many were held
   */
  int giveBack(Collection<UUID> ids) {
    return record(ids).size();
  }

  /** Refuses every later claim; one in progress completes and is held. */
  void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until nothing is held and no claim is in progress, or {@code timeout} passed.
   *
   * @return whether the ledger is empty
   */
  public boolean awaitEmpty(Duration timeout) {
    Ticker.Deadline deadline = ticker.deadlineIn(timeout);
    lock.lock();
    try {
      while (!held.isEmpty() || reserved > 0) {
        if (deadline.passed()) {
          return false;
        }
        // The deadline is read again after each wait: a wake-up that finds work left waits for
        // the rest of the deadline, not for what was left of one wait.
        emptied.awaitNanos(deadline.nextWaitNanos());
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return held.isEmpty() && reserved == 0;
    } finally {
      lock.unlock();
    }
  }

  /** The ids held now, e.g. those still unfinished when the shutdown deadline passed. */
  public List<UUID> remaining() {
    lock.lock();
    try {
      return new ArrayList<>(held.keySet());
    } finally {
      lock.unlock();
    }
  }

  private void signalIfEmpty() {
    if (held.isEmpty() && reserved == 0) {
      emptied.signalAll();
    }
  }
}
