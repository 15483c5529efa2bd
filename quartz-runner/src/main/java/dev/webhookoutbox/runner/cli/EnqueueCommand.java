package dev.webhookoutbox.runner.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.RunnerProcess;
import java.util.List;
import java.util.UUID;

/** {@code webhook-runner enqueue URL EVENT BODY}: one delivery, committed at once. */
public final class EnqueueCommand implements Command {

  @Override
  public String name() {
    return "enqueue";
  }

  @Override
  public String summary() {
    return "add one webhook to the outbox (e.g. to test an endpoint)";
  }

  @Override
  public String usage() {
    return """
        usage: webhook-runner enqueue URL EVENT BODY [--subject S] [--secret KEY] [--config FILE]

        Adds one delivery, due now, and prints its id (the webhook-id header). The URL must pass
        the runner's URL policy (webhooks.http.*), and the key is encrypted with
        webhooks.secret-key when that is set, as the runner expects.
          URL          absolute http or https URL
          EVENT        event type, e.g. completed
          BODY         a JSON object, or @FILE to read it from a file
          --subject    subject key, e.g. a prediction id
          --secret     signing key (whsec_... or whsk_...), or @FILE to read it from a file;
                       prefer @FILE: a key on the command line ends up in shell history
        """;
  }

  @Override
  public int run(Arguments args, CliContext context) {
    String subject = args.option("subject");
    String secret = Arguments.textOrFile(args.option("secret"), "the secret");
    args.requireAllUsed();
    List<String> positionals = args.positionals();
    if (positionals.size() != 3) {
      throw new UsageException("enqueue needs URL, EVENT and BODY, got " + positionals.size());
    }
    String body = Arguments.textOrFile(positionals.get(2), "the body");
    WebhookRequest.Builder request =
        WebhookRequest.builder(positionals.get(0), positionals.get(1)).payload(body.strip());
    if (subject != null) {
      request.subject(subject);
    }
    if (secret != null) {
      request.signingSecret(secret.strip());
    }
    WebhookRequest built = request.build();
    // A delivery of its own, reporting no change of any application: committed at once.
    try (HikariDataSource dataSource = RunnerProcess.openDataSource(context.config())) {
      UUID id = outbox(context).enqueueWithoutTransaction(dataSource, built);
      context.out().println(id);
    }
    return 0;
  }

  /**
   * With the runner's options: the same URL policy and throttle window, and keys encrypted with its
   * secret key.
   */
  private static WebhookOutbox outbox(CliContext context) {
    return WebhookOutbox.builder()
        .clock(context.clock())
        .options(RunnerProcess.options(context.config()))
        .build();
  }
}
