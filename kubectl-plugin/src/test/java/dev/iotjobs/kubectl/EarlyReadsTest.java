package dev.iotjobs.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyReadsTest {
  private static EarlyReads.GetJob recognised(String... args) {
    return EarlyReads.recognise(args).orElse(null);
  }

  @Test
  void aPlainGetWithTheOptionsThatChooseTheClusterIsRecognised() {
    assertThat(recognised("get", "fw")).isEqualTo(new EarlyReads.GetJob(null, null, null, "fw"));
    assertThat(recognised("-n", "fleet", "get", "fw", "-o", "json", "-w"))
        .isEqualTo(new EarlyReads.GetJob(null, null, "fleet", "fw"));
    assertThat(recognised("get", "--kubeconfig=/k", "--context", "prod", "--namespace=fleet", "fw", "--watch"))
        .isEqualTo(new EarlyReads.GetJob("/k", "prod", "fleet", "fw"));
  }

  @Test
  void anythingElseIsLeftToPicocli() {
    assertThat(recognised()).isNull();
    assertThat(recognised("get")).isNull();
    assertThat(recognised("get", "a", "b")).isNull();
    assertThat(recognised("cancel", "fw")).isNull();
    assertThat(recognised("get", "fw", "--frobnicate")).isNull();
    assertThat(recognised("get", "fw", "-n")).as("an option without its value").isNull();
    assertThat(recognised("-n", "a", "get", "fw", "-n", "b")).as("given twice").isNull();
    assertThat(recognised("get", "fw", "-h")).isNull();
    assertThat(recognised("-nfleet", "get", "fw")).as("picocli's short form: not worth a second parser").isNull();
  }

  @Test
  void aReadIsTakenOnceAndOnlyForTheClusterAndJobItWasStartedFor() {
    Map<String, String> env = Map.of("KUBECTL", "true");
    EarlyReads.start(new String[] {"-n", "fleet", "get", "fw"}, env);

    assertThat(EarlyReads.take(Cluster.of(env, null, null, "other"), "fw")).isEmpty();
    assertThat(EarlyReads.take(Cluster.of(env, null, null, "fleet"), "fx")).isEmpty();
    assertThat(EarlyReads.take(Cluster.of(Map.of(), null, null, "fleet"), "fw")).as("another kubectl").isEmpty();
    assertThat(EarlyReads.take(Cluster.of(env, null, null, "fleet"), "fw")).isPresent();
    assertThat(EarlyReads.take(Cluster.of(env, null, null, "fleet"), "fw")).as("taken already").isEmpty();
  }
}
