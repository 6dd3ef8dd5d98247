package dev.iotjobs.operator.it;

import static dev.iotjobs.api.Fixtures.NS;
import static dev.iotjobs.api.Fixtures.job;
import static dev.iotjobs.api.Fixtures.thing;
import static dev.iotjobs.operator.it.OperatorHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotjobs.api.model.JobStatus;
import dev.iotjobs.embedded.EmbeddedKubernetes;
import dev.iotjobs.operator.IoTJobsOperator;
import dev.iotjobs.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two replicas with leader election on a Lease: one holds it, the job runs once, and the namespace filter holds. */
class LeaderElectionIT {

  @Test
  void oneReplicaLeadsAndOnlyWatchedNamespacesAreReconciled() {
    try (EmbeddedKubernetes api = new EmbeddedKubernetes()) {
      KubernetesClient client = api.client();
      OperatorSettings settings = OperatorSettings.defaults().withNamespaces(Set.of(NS)).withLeaderElection(true, NS);
      KubernetesClient second = api.newClient();
      try (IoTJobsOperator a = new IoTJobsOperator(client, settings, Clock.systemUTC());
           IoTJobsOperator b = new IoTJobsOperator(second, settings, Clock.systemUTC())) {
        a.start();
        b.start();
        eventually().untilAsserted(() -> {
          Lease lease = client.leases().inNamespace(NS).withName(OperatorSettings.DEFAULT_LEASE).get();
          assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        });
        client.resource(thing("t1", Map.of())).create();
        client.resource(job("j", List.of("t1"), null)).create();
        var other = job("ignored", List.of("t1"), null);
        other.getMetadata().setNamespace("elsewhere");
        client.resource(other).create();
        eventually().untilAsserted(() ->
            assertThat(client.resources(dev.iotjobs.api.model.IoTJob.class).inNamespace(NS).withName("j").get()
                .getStatus().getStatus()).isEqualTo(JobStatus.IN_PROGRESS));
        assertThat(client.resources(dev.iotjobs.api.model.JobExecution.class).inNamespace(NS).list().getItems()).hasSize(1);
        assertThat(client.resources(dev.iotjobs.api.model.IoTJob.class).inNamespace("elsewhere").withName("ignored").get()
            .getStatus()).isNull();
      } finally {
        second.close();
      }
    }
  }
}
