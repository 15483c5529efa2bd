package dev.webhookoutbox.it;

import dev.webhookoutbox.it.support.TestDatabase;

/** The deliveries page of a runner on MariaDB: its views, filters and replay. */
class MariaDbAdminPageIT extends AdminPageIT {
  @Override
  protected TestDatabase openDatabase() {
    return TestDatabase.mariadb();
  }
}
