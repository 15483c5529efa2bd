package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class PostgresEndpointDisableIT extends AbstractEndpointDisableIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
