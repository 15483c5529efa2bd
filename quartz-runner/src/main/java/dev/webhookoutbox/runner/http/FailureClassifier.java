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
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;

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
      if (badResponse(t)) {
        return AttemptError.BAD_RESPONSE;
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

  static String describe(Throwable failure, ResponseLimits limits) {
    PolicyDnsResolver.RefusedHostException refusal = refusal(failure);
    if (refusal != null) {
      return refusal.reason();
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MessageConstraintException) {
        return "response head refused: " + overLimit(t.getMessage(), limits);
      }
      if (badResponse(t)) {
        return "malformed response: " + nameAndMessage(t);
      }
    }
    return nameAndMessage(failure);
  }

  /**
   * The receiver broke HTTP/1.1 (HttpCore's {@link HttpException}s are protocol violations) or the
   * sender's limits on the response head.
   */
  private static boolean badResponse(Throwable t) {
    return t instanceof MessageConstraintException
        || t instanceof HttpException
        || t instanceof MalformedChunkCodingException;
  }

  /** HttpCore names the limit in English only; this names it with its configured value. */
  private static String overLimit(String message, ResponseLimits limits) {
    String text = String.valueOf(message).toLowerCase(Locale.ROOT);
    if (text.contains("line length")) {
      return "a status or header line is longer than " + limits.maxLineBytes() + " bytes";
    }
    if (text.contains("header count")) {
      return "more than " + limits.maxHeaderCount() + " header lines";
    }
    if (text.contains("empty line")) {
      return "too many empty lines before the status line";
    }
    return message;
  }

  private static String nameAndMessage(Throwable failure) {
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
