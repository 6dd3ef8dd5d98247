package dev.iotjobs.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real kubectl binary, run against a kubeconfig. */
final class Kubectl {
  record Result(int exit, String output) {}

  private Kubectl() {}

  static boolean installed() {
    return dev.iotjobs.api.runtime.Executables.onPath("kubectl");
  }

  static Process start(Path kubeconfig, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  static Result run(Path kubeconfig, String... args) throws IOException, InterruptedException {
    Process process = start(kubeconfig, args);
    String output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), output);
  }
}
