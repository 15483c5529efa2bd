package dev.webhookoutbox.runner.cli;

import dev.webhookoutbox.runner.RunnerConfig;
import java.io.PrintStream;
import java.time.Clock;

/**
 * What a command runs with.
 *
 * @param config the runner configuration (file and environment)
 * @param out where results go
 * @param err where problems go
 * @param clock the time "now" and relative times ({@code --since 2h}) are taken from
 */
public record CliContext(RunnerConfig config, PrintStream out, PrintStream err, Clock clock) {}
