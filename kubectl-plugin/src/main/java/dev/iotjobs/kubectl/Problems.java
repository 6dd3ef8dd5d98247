package dev.iotjobs.kubectl;

/** One line for a failure, saying what went wrong in the API's words. */
final class Problems {
  private Problems() {}

  static String describe(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** The failure for a job that is not there, with what to check. */
  static IllegalArgumentException noJob(String name, String namespace) {
    return new IllegalArgumentException("iotjob " + name + " not found in namespace " + namespace
        + " (kubectl get iotjobs -n " + namespace + " lists them; -n names another namespace)");
  }
}
