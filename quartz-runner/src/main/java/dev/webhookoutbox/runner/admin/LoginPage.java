package dev.webhookoutbox.runner.admin;

/** Asks for the token; shown for every request without a session. */
final class LoginPage {

  private LoginPage() {}

  static String render(String error) {
    return Html.page(
        "Webhook deliveries: sign in",
        "<h1>Webhook deliveries</h1>"
            + (error == null ? "" : "<p class=\"error\">" + Html.text(error) + "</p>")
            + "<form method=\"post\" action=\"/login\"><label>Admin token "
            + "<input type=\"password\" name=\"token\" autocomplete=\"current-password\"></label> "
            + "<button type=\"submit\">Sign in</button></form>"
            + "<p>The token is the runner's <code>webhooks.admin.token</code>.</p>");
  }
}
