package dev.iotjobs.kubectl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cancel", description = "CancelJob: QUEUED executions are canceled (with --force, IN_PROGRESS ones"
    + " too); devices are told.")
class CancelCommand extends JobCommand {
  @Option(names = "--force", description = "also cancel executions devices are working on")
  boolean force;
  @Option(names = "--reason-code", paramLabel = "CODE", description = "e.g. BAD_BUILD (shown as the job's reasonCode)")
  String reasonCode;
  @Option(names = "--comment", paramLabel = "TEXT", description = "why, for the people who look later")
  String comment;

  @Override
  public Integer call() {
    ObjectNode cancel = new ObjectMapper().createObjectNode();
    ObjectNode fields = cancel.putObject("spec").putObject("cancel").put("force", force);
    if (reasonCode != null) {
      fields.put("reasonCode", reasonCode);
    }
    if (comment != null) {
      fields.put("comment", comment);
    }
    Jobs.patch(root.cluster(), job, cancel.toString());
    out().println("iotjob.iotjobs.dev/" + job + (force ? " force-canceled" : " canceled"));
    return 0;
  }
}
