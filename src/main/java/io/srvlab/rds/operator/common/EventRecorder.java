package io.srvlab.rds.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.srvlab.rds.api.Condition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The one place that posts Kubernetes Events, for every kind: what users want to see in {@code kubectl describe}
 * (transitions, not every reconcile). Events of cluster-scoped RdsPoolConfigs go to the default namespace, as those of
 * Nodes do.
 */
@ApplicationScoped
public class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final String COMPONENT = "rds-operator";

    private final KubernetesClient client;
    private final Clock clock;
    private final String operatorNamespace;
    private final String operatorPod;

    @Inject
    public EventRecorder(
            KubernetesClient client,
            Clock clock,
            @ConfigProperty(name = "rds.secret-namespace") String operatorNamespace,
            @ConfigProperty(name = "rds.pod-name", defaultValue = "rds-operator") String operatorPod) {
        this.client = client;
        this.clock = clock;
        this.operatorNamespace = operatorNamespace;
        this.operatorPod = operatorPod;
    }

    public EventRecorder(KubernetesClient client, Clock clock) {
        this(client, clock, "rds-system", "rds-operator");
    }

    /**
     * What a refusal may not tell the volume's users (whose disk or file it was): logged, and a Warning on the
     * operator's own Pod, in its namespace, which tenants do not read.
     */
    public void refusalDetail(HasMetadata volume, String reason, String detail) {
        String about =
                volume.getMetadata().getNamespace() + "/" + volume.getMetadata().getName() + " (uid "
                        + volume.getMetadata().getUid() + "): ";
        LOG.infof("%s %s%s", reason, about, detail);
        var pod = new PodBuilder()
                .withNewMetadata()
                .withName(operatorPod)
                .withNamespace(operatorNamespace)
                .endMetadata()
                .build();
        post(pod, "Warning", reason, "RdsVolume " + about + detail);
    }

    /**
     * Records an event for each of the given condition types whose reason changed between {@code before} and
     * {@code after}: Normal when the condition is now True, Warning otherwise.
     */
    public void transitions(HasMetadata resource, List<Condition> before, List<Condition> after, List<String> types) {
        for (String type : types) {
            var was = Conditions.find(before, type).map(Condition::getReason).orElse(null);
            var now = Conditions.find(after, type).orElse(null);
            if (now != null && !Objects.equals(was, now.getReason())) {
                post(
                        resource,
                        Condition.TRUE.equals(now.getStatus()) ? "Normal" : "Warning",
                        now.getReason(),
                        now.getMessage());
            }
        }
    }

    public void normal(HasMetadata resource, String reason, String message) {
        post(resource, "Normal", reason, message);
    }

    public void warning(HasMetadata resource, String reason, String message) {
        post(resource, "Warning", reason, message);
    }

    private void post(HasMetadata resource, String type, String reason, String message) {
        var meta = resource.getMetadata();
        String now = clock.instant().toString();
        var event = new EventBuilder()
                .withNewMetadata()
                .withGenerateName(meta.getName() + ".")
                .withNamespace(meta.getNamespace() == null ? "default" : meta.getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion() == null ? "v1" : resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withName(meta.getName())
                        .withNamespace(meta.getNamespace())
                        .withUid(meta.getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .build();
        try {
            send(event);
        } catch (KubernetesClientException e) {
            // Events are best effort: losing one must never fail a reconcile.
            LOG.debugf("could not record event %s for %s: %s", reason, meta.getName(), e.getMessage());
        }
    }

    /** Hands the built Event to the API server; tests keep it instead. */
    protected void send(Event event) {
        client.v1().events().resource(event).create();
    }
}
