package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class PostgresDeliverySemanticsIT extends AbstractDeliverySemanticsIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
