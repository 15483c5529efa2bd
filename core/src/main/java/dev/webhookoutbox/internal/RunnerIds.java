package dev.webhookoutbox.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Runner ids that tell an admin which host and process claimed a row. */
public final class RunnerIds {

  private RunnerIds() {}

  /** {@code <host>-<pid>-<random>}, e.g. {@code web-3-41822-9f2c}. */
  public static String generate() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    if (host.length() > 60) {
      host = host.substring(0, 60);
    }
    String suffix = HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    return host + "-" + ProcessHandle.current().pid() + "-" + suffix;
  }
}
