package dev.webhookoutbox.enqueue;

import java.util.Objects;

/** One subject's deliveries to one URL: the unit of throttling and ordering. */
public record SubjectKey(String subject, String url) {

  public SubjectKey {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(url, "url");
  }
}
