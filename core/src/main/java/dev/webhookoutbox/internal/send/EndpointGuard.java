package dev.webhookoutbox.internal.send;

import dev.webhookoutbox.spi.AttemptResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-origin bulkhead and circuit breaker. A slow origin holds at most {@code
 * maxInFlightPerEndpoint} of the runner's slots; an origin that keeps failing is skipped (its
 * deliveries postponed together, their attempts not spent) until a single probe succeeds.
 */
public final class EndpointGuard {

  private static final Logger log = LoggerFactory.getLogger(EndpointGuard.class);
  private static final int MAX_TRACKED_ORIGINS = 10_000;

  /**
   * Whether to send now, or the time to postpone the delivery to; {@code busy} when the only reason
   * not to send is the origin's in-flight limit (a slot may free up any moment).
   */
  public record Admission(boolean send, Instant postponeUntil, boolean busy) {
    static final Admission SEND = new Admission(true, null, false);
  }

  private static final class State {
    int inFlight;
    int consecutiveFailures;
    Instant openUntil;
    boolean probing;
  }

  /** Told when an origin's circuit opens or closes. */
  public interface CircuitListener {
    void changed(String origin, boolean open, Instant at);
  }

  private final Limits limits;
  private final CircuitListener listener;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /**
   * @param maxInFlightPerEndpoint most attempts in flight to one origin
   * @param busyDeferral how long a delivery for a busy origin, or for one whose probe is running,
   *     is postponed
   * @param failureThreshold consecutive failures that open an origin's circuit
   * @param openDuration how long an open circuit skips its origin before a probe
   */
  public record Limits(
      int maxInFlightPerEndpoint,
      Duration busyDeferral,
      int failureThreshold,
      Duration openDuration) {}

  EndpointGuard(Limits limits) {
    this(limits, (origin, open, at) -> {});
  }

  public EndpointGuard(Limits limits, CircuitListener listener) {
    this.limits = limits;
    this.listener = listener;
  }

  public Admission admit(String origin, Instant now) {
    State state = states.computeIfAbsent(origin, o -> new State());
    synchronized (state) {
      if (state.openUntil != null) {
        if (now.isBefore(state.openUntil) || state.probing) {
          Instant until =
              now.isBefore(state.openUntil) ? state.openUntil : now.plus(limits.busyDeferral());
          return new Admission(false, until, false);
        }
        state.probing = true; // half-open: exactly one attempt finds out whether it recovered
      } else if (state.inFlight >= limits.maxInFlightPerEndpoint()) {
        return new Admission(false, now.plus(limits.busyDeferral()), true);
      }
      state.inFlight++;
      return Admission.SEND;
    }
  }

  public void completed(String origin, AttemptResult result, Instant now) {
    State state = states.get(origin);
    if (state == null) {
      return;
    }
    boolean failed = isEndpointFailure(result);
    Boolean changedTo = null;
    synchronized (state) {
      state.inFlight = Math.max(0, state.inFlight - 1);
      if (!failed) {
        if (state.openUntil != null) {
          log.info("Circuit for {} closed: the probe succeeded", origin);
          changedTo = false;
        }
        state.consecutiveFailures = 0;
        state.openUntil = null;
        state.probing = false;
      } else {
        state.consecutiveFailures++;
        if (state.probing || state.consecutiveFailures == limits.failureThreshold()) {
          state.openUntil = now.plus(limits.openDuration());
          state.probing = false;
          log.warn(
              "Circuit for {} opened after {} consecutive failures; its deliveries wait until {}",
              origin,
              state.consecutiveFailures,
              state.openUntil);
          changedTo = true;
        }
      }
    }
    if (changedTo != null) {
      listener.changed(origin, changedTo, now);
    }
    if (states.size() > MAX_TRACKED_ORIGINS) {
      states.entrySet().removeIf(e -> isIdle(e.getValue()));
    }
  }

  /** Until when a delivery to the origin that cannot be sent now should be postponed. */
  public Instant postponeUntil(String origin, Instant now) {
    State state = states.get(origin);
    if (state != null) {
      synchronized (state) {
        if (state.openUntil != null && now.isBefore(state.openUntil)) {
          return state.openUntil;
        }
      }
    }
    return now.plus(limits.busyDeferral());
  }

  /** Whether the origin's circuit is open now (for metrics and tests). */
  public boolean isOpen(String origin, Instant now) {
    State state = states.get(origin);
    if (state == null) {
      return false;
    }
    synchronized (state) {
      return state.openUntil != null && now.isBefore(state.openUntil);
    }
  }

  private static boolean isIdle(State state) {
    synchronized (state) {
      return state.inFlight == 0 && state.openUntil == null && state.consecutiveFailures == 0;
    }
  }

  /** Failures that say the endpoint is unwell, not that it rejected this one request. */
  static boolean isEndpointFailure(AttemptResult result) {
    Integer status = result.statusCode();
    if (status == null) {
      return result.error().isTransient();
    }
    return status == 429 || status >= 500;
  }

  /** {@code scheme://host:port} of a URL, lower case, without parsing it fully. */
  public static String originOf(String url) {
    int schemeEnd = url.indexOf("://");
    int start = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int end = url.length();
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return url.substring(0, end).toLowerCase(Locale.ROOT);
  }
}
