package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

class H2EndpointDisableIT extends AbstractEndpointDisableIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.h2();
  }
}
