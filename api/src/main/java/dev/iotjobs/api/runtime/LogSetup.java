package dev.iotjobs.api.runtime;

/**
 * Points Logback at {@code iotjobs-logback.xml} (timestamps; LOG_FORMAT=json for JSON lines) before the first logger
 * exists. The file is not called logback.xml so that a program embedding the operator or the bridge (local mode, the
 * benchmarks) keeps its own logging configuration. An explicit {@code -Dlogback.configurationFile} wins.
 */
public final class LogSetup {
  private LogSetup() {}

  public static void useProjectConfiguration() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "iotjobs-logback.xml");
    }
  }
}
