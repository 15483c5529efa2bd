package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class H2DeliverySemanticsIT extends AbstractDeliverySemanticsIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
