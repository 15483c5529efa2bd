package dev.webhookoutbox.runner.http;

import dev.webhookoutbox.spi.AttemptError;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.ConnectionClosedException;

/** Maps the exceptions of a failed exchange to the error kinds stored in attempt rows. */
final class FailureClassifier {

  private FailureClassifier() {}

  static AttemptError classify(Throwable failure) {
    if (refusal(failure) != null) {
      return AttemptError.URL_REFUSED;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) {
        return AttemptError.TIMEOUT;
      }
      if (t instanceof UnknownHostException) {
        return AttemptError.DNS;
      }
      if (t instanceof SSLException) {
        return AttemptError.TLS;
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("timed out")
            ? AttemptError.TIMEOUT
            : AttemptError.CONNECTION_REFUSED;
      }
      if (t instanceof ConnectionClosedException) {
        return AttemptError.CONNECTION_RESET;
      }
      if (t instanceof SocketException
          && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
        return AttemptError.CONNECTION_RESET;
      }
    }
    return AttemptError.IO;
  }

  static String describe(Throwable failure) {
    PolicyDnsResolver.RefusedHostException refusal = refusal(failure);
    if (refusal != null) {
      return refusal.reason();
    }
    String message = failure.getMessage();
    String name = failure.getClass().getSimpleName();
    return message == null ? name : name + ": " + message;
  }

  private static PolicyDnsResolver.RefusedHostException refusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PolicyDnsResolver.RefusedHostException refused) {
        return refused;
      }
    }
    return null;
  }
}
