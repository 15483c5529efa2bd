package dev.webhookoutbox.runner.cli;

import java.util.Set;

/** One subcommand of {@code webhook-runner}. Implementations are small and stateless. */
public interface Command {

  /** The word that selects it, e.g. {@code status}. */
  String name();

  /** One line for the command list. */
  String summary();

  /** The text {@code webhook-runner NAME --help} prints. */
  String usage();

  /** Options that take no value, e.g. {@code --failed}; every other {@code --x} takes one. */
  default Set<String> flags() {
    return Set.of();
  }

  /**
   * Runs to completion.
   *
   * @return the process exit status
   * @throws UsageException for arguments that do not fit {@link #usage()}
   */
  int run(Arguments args, CliContext context);
}
