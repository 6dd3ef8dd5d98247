package dev.iotjobs.local;

import static dev.iotjobs.api.runtime.Executables.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Local mode as a user sees it: the real process in a real 80-column terminal (tmux), its screen read back with
 * capture-pane. The view fits, redraws in place, drops a deleted job's line, and the process ends with a summary
 * and an exit status a script can use.
 */
class TerminalViewIT {
  private static final Pattern VIEW_LINE = Pattern.compile("^\\S+\\s+(PENDING|SCHEDULED|IN_PROGRESS|COMPLETED|CANCELED|DELETION_IN_PROGRESS)\\s+\\[.*");
  private final String session = "iotjobs-view-" + ProcessHandle.current().pid();

  @AfterEach
  void stop() throws Exception {
    run("tmux", "kill-session", "-t", session);
  }


  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return output;
  }

  private String screen() throws Exception {
    return run("tmux", "capture-pane", "-p", "-t", session);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theViewFitsEightyColumnsRedrawsInPlaceAndEndsWithASummary() throws Exception {
    assumeTrue(onPath("tmux"), "tmux is not installed");
    assumeTrue(onPath("kubectl"), "kubectl is not installed");
    Path dir = Files.createTempDirectory("view");
    Path kubeconfig = dir.resolve("kubeconfig");
    Path stuck = dir.resolve("stuck.yaml");
    Files.writeString(stuck, String.join("\n", "apiVersion: iotjobs.dev/v1alpha1", "kind: IoTJob",
        "metadata: {name: a-job-waiting-for-a-thing-with-a-long-name}",
        "spec: {document: {operation: reboot}, targets: {things: [nobody]}}", ""));
    // the class path in a java argument file: on the command line it made the command longer than tmux takes
    Path arguments = dir.resolve("java-arguments");
    Files.writeString(arguments, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"\n");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + arguments, LocalMode.class.getName(), "--devices", "40", "--steps", "3",
        "--step-delay", "150ms", "--mqtt-port", String.valueOf(freePort()), "--kubeconfig", kubeconfig.toString(),
        "--apply", stuck.toString(), "--exit-when-done"));
    run("tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "30");
    run("tmux", "set-option", "-t", session, "remain-on-exit", "on");
    // tmux runs the command through a shell: the exit status is printed after the process ends
    run("tmux", "respawn-pane", "-k", "-t", session, String.join(" ", command) + "; echo process-exit-status=$?");

    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(screen()).contains("a-job-waiting-for-a-t~"));
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(screen()).contains("COMPLETED"));
    String running = screen();
    assertThat(running.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    List<String> view = running.lines().filter(line -> VIEW_LINE.matcher(line).matches()).toList();
    assertThat(view).as(running).hasSize(2);
    assertThat(view.get(0)).as("sorted by name").startsWith("a-job-waiting-for-a-t~");
    assertThat(view.get(1)).startsWith("quick-start-firmware").contains("40/40");

    Kubectl.Result deleted = Kubectl.run(kubeconfig, "delete", "ij", "a-job-waiting-for-a-thing-with-a-long-name");
    assertThat(deleted.exit()).as(deleted.output()).isZero();
    await().atMost(Duration.ofSeconds(60)).until(() -> run("tmux", "display-message", "-p", "-t", session,
        "#{pane_dead}").strip().equals("1"));
    String end = screen();
    assertThat(end).as("a deleted job's line goes away").doesNotContain("a-job-waiting");
    assertThat(end.lines().filter(line -> VIEW_LINE.matcher(line).matches()).toList()).as(end).hasSize(1);
    assertThat(end).contains("local mode summary: 1 job", "quick-start-firmware COMPLETED",
        "40 targets: 40 succeeded, 0 failed", "exit status 0");
    assertThat(end).contains("process-exit-status=0");
  }
}
