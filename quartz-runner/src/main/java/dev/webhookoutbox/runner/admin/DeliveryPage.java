package dev.webhookoutbox.runner.admin;

import static dev.webhookoutbox.runner.admin.Html.text;

import dev.webhookoutbox.jdbc.AttemptView;
import dev.webhookoutbox.jdbc.DeliveryView;
import java.util.List;

/** One delivery: its fields, its attempts and the replay button. */
final class DeliveryPage {

  static final int MAX_PAYLOAD_CHARS = 20_000;

  private DeliveryPage() {}

  static String render(
      DeliveryView d, String payload, List<AttemptView> attempts, String csrfToken, String notice) {
    StringBuilder b = new StringBuilder();
    b.append("<p><a href=\"/\">&larr; all deliveries</a></p>");
    b.append("<h1>Delivery <code>").append(d.id()).append("</code></h1>");
    if (notice != null) {
      b.append("<p class=\"notice\" id=\"notice\">").append(text(notice)).append("</p>");
    }
    b.append("<table class=\"fields\">");
    row(
        b,
        "status",
        "<span id=\"status\" class=\"" + text(d.status()) + "\">" + text(d.status()) + "</span>");
    row(b, "event", text(d.eventType()));
    row(b, "subject", text(d.subject()));
    row(b, "url", text(d.url()));
    row(b, "attempts", Integer.toString(d.attemptCount()));
    row(b, "created", Html.time(d.createdAt()));
    row(
        b,
        d.completedAt() == null ? "next attempt" : "finished",
        Html.time(d.completedAt() == null ? d.nextAttemptAt() : d.completedAt()));
    row(b, "last error", text(d.lastError()));
    b.append("</table>");
    if (!"IN_FLIGHT".equals(d.status()) && csrfToken != null) {
      b.append("<form class=\"replay\" method=\"post\" action=\"/deliveries/")
          .append(d.id())
          .append("/replay\"><input type=\"hidden\" name=\"csrf\" value=\"")
          .append(text(csrfToken))
          .append("\"><button type=\"submit\" id=\"replay\">Replay now</button></form>");
    }
    attempts(b, attempts);
    b.append("<h2>Payload</h2><pre id=\"payload\">")
        .append(text(Html.cut(payload, MAX_PAYLOAD_CHARS)))
        .append("</pre>");
    return Html.page("Delivery " + d.id(), b.toString());
  }

  private static void attempts(StringBuilder b, List<AttemptView> attempts) {
    b.append("<h2>Attempts</h2><table id=\"attempts\"><thead><tr><th>#</th><th>started</th>")
        .append("<th>duration</th><th>status</th><th>outcome</th><th>error</th>")
        .append("<th>response</th><th>runner</th></tr></thead><tbody>");
    for (AttemptView a : attempts) {
      b.append("<tr class=\"attempt\"><td>")
          .append(a.attemptNumber())
          .append("</td><td>")
          .append(Html.time(a.startedAt()))
          .append("</td><td>")
          .append(a.durationMs())
          .append(" ms</td><td>")
          .append(a.statusCode() == null ? "" : a.statusCode())
          .append("</td><td>")
          .append(text(a.outcome()))
          .append("</td><td class=\"err\">")
          .append(text(a.errorKind() == null ? null : a.errorKind() + ": " + a.errorMessage()))
          .append("</td><td class=\"err\">")
          .append(text(Html.cut(a.responseExcerpt(), 300)))
          .append("</td><td>")
          .append(text(a.runnerId()))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    if (attempts.isEmpty()) {
      b.append("<p>No attempt yet.</p>");
    }
  }

  private static void row(StringBuilder b, String name, String html) {
    b.append("<tr><th>").append(name).append("</th><td>").append(html).append("</td></tr>");
  }
}
