package dev.iotjobs.kubectl;

import dev.iotjobs.api.model.JobTemplate;
import dev.iotjobs.api.templates.EffectiveSpec;
import dev.iotjobs.api.waves.WaveOrder;
import dev.iotjobs.api.waves.WavePlan;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.iotjobs.api.model.IoTJob;
import dev.iotjobs.api.model.Thing;
import dev.iotjobs.api.model.ThingGroup;
import dev.iotjobs.api.targets.IndexedFleet;
import dev.iotjobs.api.targets.TargetResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "preview", description = "What a job would target right now (count, first names, groups walked,"
    + " missing groups and things) and when it would queue them at its rates and windows, without creating it.")
class PreviewCommand implements Callable<Integer> {
  @ParentCommand
  KubectlIotJobs root;
  @Spec
  CommandSpec spec;
  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "the manifest holding the IoTJob (its first IoTJob is previewed); - reads standard input")
  String file;
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json or yaml")
  String output;
  @Option(names = "--show", defaultValue = "10", paramLabel = "N", description = "how many target names to list, default 10")
  int shown;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws IOException {
    Output format = Output.parse(output);
    IoTJob job = Cluster.mapper().convertValue(firstJob(), IoTJob.class);
    if (job.getSpec() == null || job.getSpec().getTargets() == null) {
      throw new IllegalArgumentException("IoTJob " + job.getMetadata().getName() + " in " + file
          + " names no targets: set spec.targets.things or spec.targets.thingGroups");
    }
    Cluster cluster = clusterFor(job);
    Cluster.Call things = cluster.list(Cluster.THINGS, null);
    Cluster.Call groups = cluster.list(Cluster.GROUPS, null);
    Cluster.Call named = cluster.get(Cluster.JOBS, job.getMetadata().getName());
    Cluster.Call template = job.getSpec().getJobTemplateRef() == null ? null
        : cluster.get(Cluster.TEMPLATES, job.getSpec().getJobTemplateRef().getName());
    String namespace = cluster.namespace();
    job.getMetadata().setNamespace(namespace);
    IndexedFleet fleet = new IndexedFleet();
    things.items(Thing.class).forEach(fleet::add);
    groups.items(ThingGroup.class).forEach(fleet::add);
    IoTJob existing = named.as(IoTJob.class).orElse(null);
    String existingStatus = existing == null ? null : existing.getStatus() == null || existing.getStatus().getStatus() == null
        ? "no status yet" : "status " + existing.getStatus().getStatus();
    String missingTemplate = null;
    if (template != null) {
      // the job as the operator would run it: the template's settings where the job has none
      JobTemplate found = template.as(JobTemplate.class).orElse(null);
      if (found == null) {
        missingTemplate = "JobTemplate " + job.getSpec().getJobTemplateRef().getName() + " does not exist in namespace "
            + namespace + "; the job would wait for it (TemplateNotFound)";
      } else {
        job = EffectiveSpec.applied(job, found.getSpec());
      }
    }
    var resolution = TargetResolver.resolve(namespace, job.getSpec().getTargets(), fleet);
    List<Integer> waves = job.getSpec().getWaves() == null ? List.of() : WavePlan.sizes(job.getSpec().getWaves(),
        WaveOrder.of(job.getMetadata().getName(), resolution.things()),
        WavePlan.of(namespace, job.getSpec().getWaves(), fleet));
    JobPreview preview = JobPreview.of(job, resolution, existingStatus,
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), shown, waves, missingTemplate);
    var out = spec.commandLine().getOut();
    out.print(format == Output.TEXT ? preview.text() : format.render(preview.data()));
    return 0;
  }

  /** The first IoTJob of the file's documents, as kubectl apply -f would read them. */
  private JsonNode firstJob() throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    try (InputStream in = "-".equals(file) ? System.in : Files.newInputStream(Path.of(file))) {
      for (JsonNode document : yaml.readValues(yaml.createParser(in), JsonNode.class).readAll()) {
        if (document != null && "IoTJob".equals(document.path("kind").asText())) {
          return document;
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("the path \"" + file + "\" does not exist");
    }
    throw new IllegalArgumentException("no IoTJob in " + file + " (kind: IoTJob, apiVersion: iotjobs.dev/v1alpha1)");
  }

  /**
   * kubectl in the manifest's namespace, else the one asked for, else the context's; a manifest and -n that disagree
   * are refused, as kubectl apply refuses them.
   */
  private Cluster clusterFor(IoTJob job) {
    String own = job.getMetadata() == null ? null : job.getMetadata().getNamespace();
    if (own != null && root.namespace != null && !own.equals(root.namespace)) {
      throw new IllegalArgumentException("the namespace from the provided object \"" + own
          + "\" does not match the namespace \"" + root.namespace + "\". You must pass '--namespace=" + own
          + "' to perform this operation.");
    }
    return own != null ? root.cluster().in(own) : root.cluster();
  }
}
