package dev.iotjobs.api.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The reusable parts of a job (AWS CreateJobTemplate): a job names it in spec.jobTemplateRef, its own fields win, and
 * the template is pinned in the job's status when the job starts, so a later edit changes no running job.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@Plural("jobtemplates")
@ShortNames("jt")
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "DESCRIPTION", jsonPath = ".spec.description", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class JobTemplate extends CustomResource<JobTemplateSpec, Void> implements Namespaced {}
