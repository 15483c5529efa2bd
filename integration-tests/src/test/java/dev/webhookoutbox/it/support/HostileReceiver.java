package dev.webhookoutbox.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw TCP receiver on 127.0.0.1 that reads each request, then answers without end: endless header
 * lines, or a 200 with an endless body. Bounded all the same, so that a test against a client
 * without limits ends too: each answer stops after {@code maxBytes} or {@code maxTime} (then the
 * connection is closed), and the receiver stops accepting after {@code maxConnections}.
 */
public final class HostileReceiver implements AutoCloseable {

  private final ServerSocket socket;
  private final byte[] head;
  private final byte[] chunk;
  private final long maxBytes;
  private final long maxNanos;
  private final int maxConnections;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private HostileReceiver(
      String head, byte[] chunk, long maxBytes, Duration maxTime, int maxConnections) {
    this.head = head.getBytes(StandardCharsets.US_ASCII);
    this.chunk = chunk;
    this.maxBytes = maxBytes;
    this.maxNanos = maxTime.toNanos();
    this.maxConnections = maxConnections;
    try {
      this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "hostile-acceptor-" + socket.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Answers a status line, then header lines of {@code lineLength} bytes without end. */
  public static HostileReceiver endlessHeaders(
      int lineLength, long maxBytes, Duration maxTime, int maxConnections) {
    StringBuilder line = new StringBuilder("X-Filler: ");
    line.append("h".repeat(Math.max(1, lineLength - line.length() - 2))).append("\r\n");
    return new HostileReceiver(
        "HTTP/1.1 200 OK\r\n",
        line.toString().getBytes(StandardCharsets.US_ASCII),
        maxBytes,
        maxTime,
        maxConnections);
  }

  /** Answers 200 with a body (no length, so it ends only when the connection does) without end. */
  public static HostileReceiver endlessBody(long maxBytes, Duration maxTime, int maxConnections) {
    byte[] chunk = new byte[8192];
    Arrays.fill(chunk, (byte) 'B');
    return new HostileReceiver(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
        chunk,
        maxBytes,
        maxTime,
        maxConnections);
  }

  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + socket.getLocalPort() + pathAndQuery;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Bytes the receiver's sockets accepted, over every connection. */
  public long bytesWritten() {
    return written.get();
  }

  private void accept() {
    while (!socket.isClosed() && connections.get() < maxConnections) {
      try {
        Socket connection = socket.accept();
        connections.incrementAndGet();
        open.add(connection);
        Thread handler = new Thread(() -> answer(connection), "hostile-answer");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException closed) {
        return;
      }
    }
    try {
      socket.close(); // enough answers: later connections are refused
    } catch (IOException ignored) {
      // closing a listener
    }
  }

  private void answer(Socket connection) {
    try (connection) {
      connection.setSendBufferSize(64 * 1024);
      readRequest(connection.getInputStream());
      OutputStream out = connection.getOutputStream();
      out.write(head);
      long sent = head.length;
      long deadline = System.nanoTime() + maxNanos;
      while (sent < maxBytes && System.nanoTime() - deadline < 0) {
        out.write(chunk);
        sent += chunk.length;
        written.addAndGet(chunk.length);
      }
    } catch (IOException clientClosed) {
      // what a client with limits does
    } finally {
      open.remove(connection);
    }
  }

  /** Reads the head and a Content-Length body, so that the answer follows a whole request. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder headText = new StringBuilder();
    while (headText.length() < 4 || !headText.substring(headText.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      headText.append((char) b);
    }
    for (String line : headText.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
      for (Socket connection : open) {
        connection.close();
      }
    } catch (IOException ignored) {
      // best effort at teardown
    }
  }
}
