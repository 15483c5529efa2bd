package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class MariaDbPipelineIT extends AbstractPipelineIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariadb();
  }
}
