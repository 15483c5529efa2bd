package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class PostgresPipelineIT extends AbstractPipelineIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.postgres();
  }
}
