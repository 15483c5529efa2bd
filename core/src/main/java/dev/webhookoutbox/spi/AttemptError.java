package dev.webhookoutbox.spi;

/** Why an attempt got no HTTP status, as stored in {@code webhook_attempt.error_kind}. */
public enum AttemptError {
  /** Connecting, waiting for the response or reading it took longer than allowed. */
  TIMEOUT,
  /** The receiver's host refused the connection (nothing listening on the port). */
  CONNECTION_REFUSED,
  /** The connection was reset or closed before a full response arrived. */
  CONNECTION_RESET,
  /** The host name could not be resolved. */
  DNS,
  /** The TLS handshake failed (certificate, protocol). */
  TLS,
  /** Any other network or protocol failure. */
  IO,
  /**
   * The receiver's response broke HTTP or the sender's limits before its status could be used: a
   * malformed status line, a status or header line too long, too many header lines. Retried like a
   * network error, since a receiver can be fixed or redeployed.
   */
  BAD_RESPONSE,
  /** The URL was refused by the sender's URL policy before any connection was made. */
  URL_REFUSED,
  /** A failure inside the library while preparing or sending; see the message. */
  INTERNAL;

  /** Whether trying again later can reasonably succeed. */
  public boolean isTransient() {
    return this != URL_REFUSED && this != INTERNAL;
  }
}
