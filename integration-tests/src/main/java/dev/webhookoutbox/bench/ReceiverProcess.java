package dev.webhookoutbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts {@link BenchReceiver} in its own JVM and reads its counters. */
final class ReceiverProcess implements AutoCloseable {

  private final Process process;
  private volatile boolean shared;
  private final List<Integer> ports = new ArrayList<>();
  private final HttpClient control = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  ReceiverProcess(int endpoints) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                java,
                "-Xmx2g",
                "-XX:+UseParallelGC",
                "-cp",
                System.getProperty("java.class.path"),
                BenchReceiver.class.getName(),
                Integer.toString(endpoints))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("ready")) {
      throw new IOException("receiver did not start: " + line);
    }
    for (String port : line.substring("ready".length()).trim().split(" ")) {
      ports.add(Integer.parseInt(port));
    }
    // Keep reading what it prints, so a full pipe can never block the receiver.
    Thread drain =
        new Thread(
            () -> {
              try {
                out.transferTo(Writer.nullWriter());
              } catch (IOException e) {
                // the receiver has gone
              }
            },
            "bench-receiver-output");
    drain.setDaemon(true);
    drain.start();
  }

  /**
   * This receiver, emptied, for one more scenario: one receiver JVM serves the whole benchmark, so
   * that its JIT is warm in every scenario, not only in long ones. Closing a reused receiver only
   * empties it; {@link #shutdown()} ends it.
   */
  ReceiverProcess reused() throws IOException, InterruptedException {
    shared = true;
    reset();
    return this;
  }

  long pid() {
    return process.pid();
  }

  /**
   * The base URL of endpoint {@code i} with the given behaviour ({@code ok}, {@code fail}, {@code
   * hang}).
   */
  String url(int endpoint, String behaviour) {
    return "http://127.0.0.1:" + ports.get(endpoint) + "/" + behaviour + "/hook";
  }

  int endpoints() {
    return ports.size();
  }

  JsonNode stats() throws IOException, InterruptedException {
    return json.readTree(get("/stats"));
  }

  void reset() throws IOException, InterruptedException {
    control.send(
        HttpRequest.newBuilder(base("/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** First arrival time (epoch µs) of every webhook-id received since the last reset. */
  Map<String, Long> arrivals() throws IOException, InterruptedException {
    Map<String, Long> arrivals = new HashMap<>();
    for (String line : get("/arrivals").split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        arrivals.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
      }
    }
    return arrivals;
  }

  private String get(String path) throws IOException, InterruptedException {
    return control
        .send(
            HttpRequest.newBuilder(base(path)).GET().build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private URI base(String path) {
    return URI.create("http://127.0.0.1:" + ports.get(0) + path);
  }

  @Override
  public void close() throws InterruptedException {
    if (shared) {
      try {
        reset();
      } catch (IOException e) {
        // the next scenario resets it again
      }
      return;
    }
    shutdown();
  }

  void shutdown() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
