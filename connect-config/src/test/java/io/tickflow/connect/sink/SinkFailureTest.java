package io.tickflow.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.mchange.v2.resourcepool.ResourcePoolException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.connect.errors.DataException;
import org.hibernate.HibernateException;
import org.hibernate.service.spi.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SinkFailureTest {

  @ParameterizedTest(name = "SQLSTATE {0} -> {1}")
  @CsvSource({
      "23514, RECORD", "23505, RECORD", "23502, RECORD", "22008, RECORD", "22P02, RECORD",
      "08006, TRANSIENT", "08001, TRANSIENT", "40P01, TRANSIENT", "40001, TRANSIENT", "53300, TRANSIENT",
      "57P01, TRANSIENT", "58030, TRANSIENT", "55P03, TRANSIENT",
      "42P01, FATAL", "42501, FATAL", "28P01, FATAL", "3F000, FATAL", "21000, FATAL"})
  void shouldClassifyByTheSqlStateClassWhenTheDatabaseRefused(String state, SinkFailure expected) {
    Exception failure = new org.apache.kafka.connect.errors.ConnectException("Failed to flush records",
        new RuntimeException("hibernate", new SQLException("refused", state)));

    assertThat(SinkFailure.of(failure)).isEqualTo(expected);
  }

  @Test
  void shouldReadTheFailedEntryWhenABatchFailed() {
    BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", null, 0, new int[0]);
    batch.setNextException(new SQLException("violates check constraint", "23514"));

    assertThat(SinkFailure.of(new RuntimeException(batch))).isEqualTo(SinkFailure.RECORD);
  }

  @Test
  void shouldBlameTheRecordWhenConnectRefusedItsData() {
    assertThat(SinkFailure.of(new RuntimeException(new DataException("bad field")))).isEqualTo(SinkFailure.RECORD);
  }

  @Test
  void shouldRetryWhenTheConnectionFailed() {
    assertThat(SinkFailure.of(new RuntimeException(new SQLTransientConnectionException("pool exhausted"))))
        .isEqualTo(SinkFailure.TRANSIENT);
    assertThat(SinkFailure.of(new RuntimeException(new ConnectException("Connection refused"))))
        .isEqualTo(SinkFailure.TRANSIENT);
  }

  @Test
  void shouldRetryWhenThePoolTakesTheDatabaseForDownAndRefusesAtOnce() {
    // As c3p0 reports it mid-outage, after failed attempts: no driver error, no SQLSTATE.
    Exception failure = new org.apache.kafka.connect.errors.ConnectException("Failed to process a sink record",
        new HibernateException("Unable to acquire JDBC Connection", new SQLException("An SQLException was "
            + "provoked by the following failure: com.mchange.v2.resourcepool.ResourcePoolException",
            new ResourcePoolException("A ResourcePool cannot acquire a new resource -- the factory or source "
                + "appears to be down."))));

    assertThat(SinkFailure.of(failure)).isEqualTo(SinkFailure.TRANSIENT);
  }

  @Test
  void shouldFailTheTaskNamingTheCredentialsWhenThePoolReportsARefusedLoginAsAConnectionFailure() {
    Exception failure = new RuntimeException("Could not create connection", new SQLException(
        "Connections could not be acquired from the underlying database!", "08001",
        new SQLException("FATAL: password authentication failed for user \"tickflow\"", "28P01")));

    assertThat(SinkFailure.of(failure)).isEqualTo(SinkFailure.FATAL);
    assertThat(SinkFailure.remedy(failure)).contains("The database refused the connection (FATAL: password "
        + "authentication failed for user \"tickflow\"): check connection.url, connection.username and "
        + "connection.password");
  }

  @Test
  void shouldSayToMigrateWhenTheTableIsMissing() {
    Exception failure = new org.apache.kafka.connect.errors.ConnectException("Error while checking and applying "
        + "table changes", new SQLException("Could not find table: tickflow.bars"));

    assertThat(SinkFailure.of(failure)).isEqualTo(SinkFailure.FATAL);
    assertThat(SinkFailure.remedy(failure)).hasValueSatisfying(remedy -> assertThat(remedy)
        .startsWith("Table tickflow.bars does not exist (the sink never creates tables): run tickflow db migrate"));
  }

  @Test
  void shouldRetryWhenTheConnectionDiedWhileHibernateReadTheMetadataAtStart() {
    Exception failure = new ServiceException("Unable to create requested service [JdbcEnvironment]",
        new HibernateException("Unable to determine Dialect without JDBC metadata (please set "
            + "'jakarta.persistence.jdbc.url' for common cases or 'hibernate.dialect' when a custom Dialect "
            + "implementation must be provided)"));

    assertThat(SinkFailure.of(failure)).isEqualTo(SinkFailure.TRANSIENT);
  }

  @Test
  void shouldSayToGrantPrivilegesWhenTheUserMayNotWriteTheTable() {
    Exception failure = new RuntimeException(new SQLException("ERROR: permission denied for table bars", "42501"));

    assertThat(SinkFailure.of(failure)).isEqualTo(SinkFailure.FATAL);
    assertThat(SinkFailure.remedy(failure)).contains("The database user may not write the table (ERROR: permission "
        + "denied for table bars): grant it INSERT, UPDATE and SELECT on the tables of the schema, or use the user "
        + "that ran tickflow db migrate");
  }

  @Test
  void shouldFailTheTaskWhenNothingTellsTheCause() {
    assertThat(SinkFailure.of(new IllegalStateException("Could not find table: tickflow.bars")))
        .isEqualTo(SinkFailure.FATAL);
    assertThat(SinkFailure.of(new SQLException("Cannot alter table because schema evolution is disabled")))
        .isEqualTo(SinkFailure.FATAL);
  }
}
