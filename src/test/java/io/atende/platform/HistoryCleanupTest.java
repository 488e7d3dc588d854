package io.atende.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** History past its time to live does not pile up: the engine schedules its cleanup in the nightly window. */
@PlatformTest
class HistoryCleanupTest {

  @Autowired HistoryService history;

  @Test
  void historyCleanupIsScheduledInTheNightlyWindowOfBrazil() {
    List<Job> jobs = history.findHistoryCleanupJobs();

    assertThat(jobs).isNotEmpty();
    LocalTime due = jobs.get(0).getDuedate().toInstant().atOffset(ZoneOffset.ofHours(-3)).toLocalTime();
    assertThat(due).isBetween(LocalTime.of(1, 0), LocalTime.of(5, 0));
  }
}
