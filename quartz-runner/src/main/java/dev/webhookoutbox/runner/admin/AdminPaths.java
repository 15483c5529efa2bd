package dev.webhookoutbox.runner.admin;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's own paths, and the only places it redirects to. A redirect is built from what the
 * request named (the list, or one delivery by id), never copied from the request: a decoded path
 * such as {@code /\evil.com} or {@code //evil.com} is a link to another host for a browser, and one
 * with CR or LF would split the response.
 */
final class AdminPaths {

  private static final String UUID_TEXT =
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  static final Pattern DELIVERY = Pattern.compile("^/deliveries/(" + UUID_TEXT + ")$");
  static final Pattern REPLAY = Pattern.compile("^/deliveries/(" + UUID_TEXT + ")/replay$");

  /** The query parameters of the list that a login link keeps. */
  private static final List<String> LIST_FILTERS = List.of("status", "origin", "subject");

  /** What a location may contain: a path of the page and a percent-encoded query. */
  private static final Pattern LOCAL =
      Pattern.compile("^/(deliveries/[0-9a-f-]{36})?(\\?[A-Za-z0-9%+=&._~*-]*)?$");

  private AdminPaths() {}

  static String delivery(UUID id) {
    return "/deliveries/" + id;
  }

  static String afterReplay(UUID id, boolean replayed) {
    return delivery(id) + "?replayed=" + (replayed ? "1" : "0");
  }

  /**
   * Where a login link ({@code ...?token=...}) leads once the session is started: the delivery it
   * named (also from its replay path), the list with the list's filters, or else the list.
   *
   * @param path the request's decoded path, as the client sent it
   */
  static String afterLogin(String path, Map<String, String> query) {
    for (Pattern page : List.of(DELIVERY, REPLAY)) {
      Matcher matcher = page.matcher(path);
      if (matcher.matches()) {
        return delivery(UUID.fromString(matcher.group(1)));
      }
    }
    StringBuilder list = new StringBuilder("/");
    if (path.equals("/")) {
      for (String name : LIST_FILTERS) {
        String value = query.get(name);
        if (value != null && !value.isEmpty()) {
          list.append(list.length() == 1 ? '?' : '&')
              .append(name)
              .append('=')
              .append(Html.param(value));
        }
      }
    }
    return list.toString();
  }

  /**
   * The last check before a {@code Location} header goes out, so that no future redirect can leave
   * the page.
   *
   * @throws IllegalStateException if {@code location} is not one of the page's own paths
   */
  static String requireLocal(String location) {
    if (!LOCAL.matcher(location).matches()) {
      throw new IllegalStateException("refusing a redirect that would leave the page");
    }
    return location;
  }
}
