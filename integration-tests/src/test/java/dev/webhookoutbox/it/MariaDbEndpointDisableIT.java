package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class MariaDbEndpointDisableIT extends AbstractEndpointDisableIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariadb();
  }
}
