package dev.webhookoutbox.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The library version, written into a resource at build time. */
public final class LibraryVersion {

  private static final String VERSION = load();

  private LibraryVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in =
        LibraryVersion.class.getResourceAsStream("/dev/webhookoutbox/version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
