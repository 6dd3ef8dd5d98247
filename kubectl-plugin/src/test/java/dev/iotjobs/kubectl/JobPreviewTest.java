package dev.iotjobs.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.targets.TargetResolver.Resolution;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobPreviewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private static IoTJob job(Map<String, Object> spec) {
    return JSON.convertValue(Map.of("metadata", Map.of("name", "fw", "namespace", "default"), "spec", spec),
        IoTJob.class);
  }

  private static Resolution things(int count) {
    return new Resolution(IntStream.rangeClosed(1, count).mapToObj(i -> String.format("t-%04d", i))
        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)), List.of(), List.of());
  }

  @Test
  void aLongRolloutShowsItsFirstStretchesAndItsLast() {
    // 100 a night in a 10-minute window at 10/min: 30 nights
    IoTJob job = job(Map.of("jobExecutionsRolloutConfig", Map.of("maximumPerMinute", 10),
        "schedulingConfig", Map.of("maintenanceWindows", List.of(Map.of("startTime", "0 3 * * *", "durationInMinutes", 10)))));
    String text = JobPreview.of(job, things(3_000), null, NOW, 2).text();
    assertThat(text).contains("first: t-0001, t-0002, ... (2 of 3000)", "window \"0 3 * * *\" for 10 min, time zone UTC",
        "  ... 19 more stretches ...", "all queued by 2026-12-31T03:09:54Z, 29d from now");
    assertThat(text.lines().filter(line -> line.matches("  2026-\\S+ +2026-.*"))).hasSize(JobPreview.SEGMENTS_SHOWN + 1);
    assertThat(text).doesNotContain("exponential");
  }

  @Test
  void aSuspendedJobAndAnEmptySnapshotSaySo() {
    IoTJob job = job(Map.of("suspend", true));
    String text = JobPreview.of(job, things(0), "status IN_PROGRESS", NOW, 10).text();
    assertThat(text).contains("note: an IoTJob of this name exists (status IN_PROGRESS); applying this changes it",
        "targets   0 things now (SNAPSHOT", "waits     no thing matches the targets now",
        "suspended spec.suspend is true", "rollout   no rate: every target is queued at once");
    assertThat(text).doesNotContain("all queued by");
  }

  @Test
  void abortCriteriaWithoutARateAreWarnedAbout() {
    IoTJob job = job(Map.of("abortConfig", Map.of("criteriaList", List.of(Map.of("failureType", "FAILED", "action",
        "CANCEL", "thresholdPercentage", 10, "minNumberOfExecutedThings", 10)))));
    assertThat(JobPreview.of(job, things(1_000), null, NOW, 10).text())
        .contains("warning   Abort criteria are set but nothing paces the rollout");
  }

  @Test
  void whatTheEndTimeCutsOffIsCounted() {
    IoTJob job = job(Map.of("jobExecutionsRolloutConfig", Map.of("maximumPerMinute", 1),
        "schedulingConfig", Map.of("endTime", "2026-12-01T12:10:00Z")));
    JobPreview preview = JobPreview.of(job, things(25), null, NOW, 10);
    assertThat(preview.text()).contains("15 things are never queued: the schedule's endTime 2026-12-01T12:10:00Z passes");
    assertThat(preview.data()).containsEntry("notQueued", 15L).containsEntry("allQueuedAt", null);
  }
}
