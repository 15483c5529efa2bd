package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class MariaDbDeliverySemanticsIT extends AbstractDeliverySemanticsIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariadb();
  }
}
