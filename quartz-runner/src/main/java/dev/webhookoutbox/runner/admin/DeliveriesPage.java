package dev.webhookoutbox.runner.admin;

import static dev.webhookoutbox.runner.admin.Html.text;

import dev.webhookoutbox.jdbc.DeliveryView;
import dev.webhookoutbox.jdbc.OutboxStatus;
import java.util.List;

/** The list: a status line, the filter form and the newest matching deliveries. */
final class DeliveriesPage {

  private static final List<String> STATUSES =
      List.of("PENDING", "IN_FLIGHT", "DELIVERED", "FAILED", "POISONED");

  /** The filter as typed, echoed back into the form. */
  record Query(String status, String origin, String subject) {}

  private DeliveriesPage() {}

  static String render(
      OutboxStatus status, Query query, List<DeliveryView> deliveries, String error) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Webhook deliveries</h1>");
    b.append("<p class=\"summary\">")
        .append("<span>pending <b id=\"pending\">")
        .append(status.pending())
        .append("</b> (due ")
        .append(status.due())
        .append(")</span><span>in flight <b>")
        .append(status.inFlight())
        .append("</b></span><span>failed in the last hour <b>")
        .append(status.failedLastHour())
        .append("</b></span><span>oldest due ")
        .append(status.oldestDueAt() == null ? "-" : status.oldestDueAge().toSeconds() + " s ago")
        .append("</span></p>");
    filters(b, query);
    if (error != null) {
      b.append("<p class=\"error\">").append(text(error)).append("</p>");
    }
    b.append("<table id=\"deliveries\"><thead><tr><th>created</th><th>status</th><th>event</th>")
        .append("<th>subject</th><th>url</th><th>attempts</th><th>last result</th></tr></thead>")
        .append("<tbody>");
    for (DeliveryView d : deliveries) {
      b.append("<tr class=\"delivery\" data-id=\"")
          .append(d.id())
          .append("\"><td><a href=\"/deliveries/")
          .append(d.id())
          .append("\">")
          .append(Html.time(d.createdAt()))
          .append("</a></td><td class=\"")
          .append(text(d.status()))
          .append("\">")
          .append(text(d.status()))
          .append("</td><td>")
          .append(text(d.eventType()))
          .append("</td><td>")
          .append(text(d.subject()))
          .append("</td><td class=\"url\">")
          .append(text(Html.cut(d.url(), 120)))
          .append("</td><td>")
          .append(d.attemptCount())
          .append("</td><td class=\"err\">")
          .append(text(lastResult(d)))
          .append("</td></tr>");
    }
    b.append("</tbody></table>");
    if (deliveries.isEmpty()) {
      b.append("<p id=\"empty\">No deliveries match.</p>");
    }
    return Html.page("Webhook deliveries", b.toString());
  }

  private static void filters(StringBuilder b, Query query) {
    b.append("<form class=\"filters\" method=\"get\" action=\"/\">")
        .append("<label>status <select name=\"status\"><option value=\"\">any</option>");
    for (String s : STATUSES) {
      b.append("<option")
          .append(s.equals(query.status()) ? " selected" : "")
          .append(">")
          .append(s)
          .append("</option>");
    }
    b.append("</select></label><label>URL origin <input name=\"origin\" size=\"30\" ")
        .append("placeholder=\"https://hooks.example.com\" value=\"")
        .append(text(query.origin()))
        .append("\"></label><label>subject <input name=\"subject\" size=\"20\" value=\"")
        .append(text(query.subject()))
        .append(
            "\"></label><button type=\"submit\">Filter</button> <a href=\"/\">clear</a></form>");
  }

  /** The latest attempt's result, or why no attempt decided (e.g. {@code POISONED: ...}). */
  private static String lastResult(DeliveryView d) {
    String code = d.lastStatusCode() == null ? "" : "HTTP " + d.lastStatusCode();
    String error = d.lastError() == null ? "" : Html.cut(d.lastError(), 160);
    String timing = d.lastDurationMs() == null ? "" : " in " + d.lastDurationMs() + " ms";
    return (code + (code.isEmpty() || error.isEmpty() ? "" : ": ") + error + timing).strip();
  }
}
