package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class H2PipelineIT extends AbstractPipelineIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
