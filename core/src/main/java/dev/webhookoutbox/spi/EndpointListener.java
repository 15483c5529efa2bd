package dev.webhookoutbox.spi;

/**
 * Told when an endpoint (URL origin) is disabled, by the runners after it failed for too long, or
 * by an admin through the API or SQL; e.g. to e-mail the customer who owns it.
 *
 * <pre>{@code
 * WebhookRunner.builder(dataSource)
 *     .endpointListener(event -> customers.notifyEndpointDisabled(event.origin(), event.lastError()))
 *     .build();
 * }</pre>
 *
 * <p>Called at least once per disablement, by one runner at a time, from the endpoint maintenance
 * job. The disablement is marked notified only after this method returns: if it throws, or the
 * process dies first, it is called again later, so it must be idempotent (key on {@link
 * EndpointDisabled#origin()} and {@link EndpointDisabled#disabledAt()}). It should be quick.
 */
@FunctionalInterface
public interface EndpointListener {

  void disabled(EndpointDisabled event) throws Exception;
}
