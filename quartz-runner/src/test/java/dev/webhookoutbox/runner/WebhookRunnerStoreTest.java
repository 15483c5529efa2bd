package dev.webhookoutbox.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.ClaimedDelivery;
import dev.webhookoutbox.spi.ExpiredLeases;
import dev.webhookoutbox.spi.OutboxStore;
import dev.webhookoutbox.spi.OutgoingRequest;
import dev.webhookoutbox.spi.SecretsAtRest;
import dev.webhookoutbox.spi.WebhookSender;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A runner on a store of one's own: what {@code build()} refuses, and what it accepts. */
class WebhookRunnerStoreTest {

  private final OutboxOptions options =
      OutboxOptions.builder()
          .secretCipher(SecretCipher.fromBase64Key(SecretCipher.generateKey()))
          .build();

  @Test
  void clusteredJobsOnAStoreOfOnesOwnNeedADataSourceOrLocalJobs() {
    WebhookRunner.Builder clustered = WebhookRunner.builder(new BareStore()).sender(new NoSender());

    assertThatThrownBy(clustered::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cluster(ClusterSettings.local())")
        .hasMessageContaining("cluster(ClusterSettings.defaults(), dataSource)");
    try (WebhookRunner local = clustered.cluster(ClusterSettings.local()).build()) {
      assertThat(local.runnerId()).isNotBlank();
    }
  }

  @Test
  void aCipherInTheOptionsIsRefusedForAStoreThatSaysItCannotDecrypt() {
    WebhookRunner.Builder plain =
        WebhookRunner.builder(new PlaintextStore(false))
            .options(options)
            .sender(new NoSender())
            .cluster(ClusterSettings.local());

    assertThatThrownBy(plain::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("new JdbcOutboxStore(dataSource, cipher)");
    try (WebhookRunner decrypting =
            WebhookRunner.builder(new PlaintextStore(true))
                .options(options)
                .sender(new NoSender())
                .cluster(ClusterSettings.local())
                .build();
        WebhookRunner unknown =
            WebhookRunner.builder(new BareStore())
                .options(options)
                .sender(new NoSender())
                .cluster(ClusterSettings.local())
                .build()) {
      assertThat(decrypting.runnerId()).isNotEqualTo(unknown.runnerId());
    }
  }

  /** The core contract only, with nothing due. */
  static class BareStore implements OutboxStore {
    @Override
    public List<ClaimedDelivery> claimDue(String runner, int limit, Instant now, Instant until) {
      return List.of();
    }

    @Override
    public int recordOutcomes(String runner, List<AttemptOutcome> outcomes, Instant now) {
      return 0;
    }

    @Override
    public ExpiredLeases releaseExpiredLeases(Instant now, int maxLostLeases) {
      return ExpiredLeases.NONE;
    }

    @Override
    public int releaseClaims(String runner, Collection<UUID> ids, Instant dueAt, Instant now) {
      return 0;
    }
  }

  /** A store that says whether it decrypts signing secrets, and holds none in plaintext. */
  static final class PlaintextStore extends BareStore implements SecretsAtRest {
    private final boolean decrypts;

    PlaintextStore(boolean decrypts) {
      this.decrypts = decrypts;
    }

    @Override
    public boolean hasSecretCipher() {
      return decrypts;
    }

    @Override
    public boolean holdsPlaintextSecrets() {
      return false;
    }
  }

  static final class NoSender implements WebhookSender {
    @Override
    public CompletableFuture<AttemptResult> send(OutgoingRequest request) {
      return new CompletableFuture<>();
    }

    @Override
    public void close() {}
  }
}
