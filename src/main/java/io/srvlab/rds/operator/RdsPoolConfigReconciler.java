package io.srvlab.rds.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.srvlab.rds.api.Condition;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;
import io.srvlab.rds.api.RdsPoolConfigStatus;
import io.srvlab.rds.api.RdsVolume;
import io.srvlab.rds.pool.PoolMetrics;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.rds.ServerFacts;
import io.srvlab.rds.rds.VolumeOperations;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One live {@link RdsPool} per RdsPoolConfig: created on first sight, hot-reloaded on a new generation or a rotated
 * key Secret, closed on delete once no RdsVolume uses it. Status carries reachability, breaker state and pool
 * metrics, refreshed every {@code statusInterval} and written only when something changed.
 */
@ControllerConfiguration(name = RdsPoolConfigReconciler.NAME)
public class RdsPoolConfigReconciler implements Reconciler<RdsPoolConfig>, Cleaner<RdsPoolConfig> {
    static final String NAME = "rdspoolconfig";
    static final String READY = "Ready";
    static final String REACHABLE = "Reachable";
    static final String CIRCUIT_CLOSED = "CircuitClosed";
    static final String HOST_KEY_VERIFIED = "HostKeyVerified";
    static final String SECRET_INDEX = "privateKeySecret";

    private final PoolService pools;
    private final VolumeOperations operations;
    private final VolumeEvents events;
    private final String secretNamespace;
    private final Clock clock = Clock.systemUTC();
    private final Conditions conditions = new Conditions(clock);

    @Inject
    public RdsPoolConfigReconciler(
            PoolService pools,
            VolumeOperations operations,
            VolumeEvents events,
            @ConfigProperty(name = "rds.secret-namespace") String secretNamespace) {
        this.pools = pools;
        this.operations = operations;
        this.events = events;
        this.secretNamespace = secretNamespace;
    }

    @Override
    public List<EventSource<?, RdsPoolConfig>> prepareEventSources(EventSourceContext<RdsPoolConfig> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, config -> List.of(secretKey(config.getSpec())));
        // Only the operator's own namespace is watched: SSH keys live there, and RBAC grants Secrets nowhere else.
        var secrets = InformerEventSourceConfiguration.from(Secret.class, RdsPoolConfig.class)
                .withNamespaces(Set.of(secretNamespace))
                .withPrimaryToSecondaryMapper((RdsPoolConfig config) -> Set.of(new ResourceID(
                        config.getSpec().server().privateKeySecretRef().name(),
                        config.getSpec().server().privateKeySecretRef().namespace())))
                .withSecondaryToPrimaryMapper(secret -> context
                        .getPrimaryCache()
                        .byIndex(
                                SECRET_INDEX,
                                secret.getMetadata().getNamespace() + "/"
                                        + secret.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(secrets, context));
    }

    private static String secretKey(RdsPoolConfigSpec spec) {
        var ref = spec.server().privateKeySecretRef();
        return ref.namespace() + "/" + ref.name();
    }

    @Override
    public UpdateControl<RdsPoolConfig> reconcile(RdsPoolConfig config, Context<RdsPoolConfig> context) {
        String name = config.getMetadata().getName();
        RdsPoolConfigSpec spec = config.getSpec();
        Duration interval = PoolConfigFacts.statusInterval(spec);

        Optional<Condition> problem = keyProblem(spec, context);
        if (problem.isPresent()) {
            pools.close(name);
            return patch(config, withConditions(config, current(config), List.of(problem.get())));
        }
        String privateKey = privateKey(spec, context).orElseThrow();

        PoolService.Applied applied;
        try {
            applied = pools.apply(
                    name,
                    PoolSettingsMapping.from(spec, privateKey),
                    Objects.requireNonNullElse(config.getMetadata().getGeneration(), 0L));
        } catch (IllegalArgumentException invalid) {
            var status = withConditions(
                    config, current(config), List.of(Conditions.of(READY, false, "InvalidSpec", invalid.getMessage())));
            return patch(config, status);
        }
        RdsPool pool = applied.pool();
        RdsPoolConfigStatus previous = current(config);

        ServerFacts facts = null;
        Condition reachable;
        try {
            facts = operations.probe(
                    pool, PoolConfigFacts.mountPoint(spec), Instant.now().plus(PoolConfigFacts.commandBudget(spec)));
            reachable = Conditions.of(
                    REACHABLE,
                    true,
                    "HealthCheckPassed",
                    "RouterOS " + facts.routerOsVersion() + " answers as " + facts.identity());
        } catch (Exception e) {
            Failure failure = FailureClassifier.classify(e, Duration.ZERO);
            reachable = Conditions.of(REACHABLE, false, failure.reason(), failure.message());
        }
        var circuit =
                RdsPoolConfigStatus.CircuitState.valueOf(pool.circuitState().name());
        Condition circuitClosed = circuit == RdsPoolConfigStatus.CircuitState.CLOSED
                ? Conditions.of(CIRCUIT_CLOSED, true, "Closed", "Commands flow to the RDS")
                : Conditions.of(
                        CIRCUIT_CLOSED,
                        false,
                        circuit == RdsPoolConfigStatus.CircuitState.OPEN ? "Open" : "HalfOpen",
                        "The breaker stopped commands after repeated transport failures");
        boolean isReachable = Condition.TRUE.equals(reachable.getStatus());
        Condition ready = isReachable
                ? Conditions.of(
                        READY, true, "PoolReady", "Pool of up to " + spec.pool().maxSize() + " sessions is serving")
                : Conditions.of(READY, false, reachable.getReason(), reachable.getMessage());

        var server = facts == null
                ? previous.server()
                : new RdsPoolConfigStatus.ServerStatus(
                        facts.identity(),
                        facts.routerOsVersion(),
                        new RdsPoolConfigStatus.Capacity(facts.totalBytes(), facts.freeBytes()));
        var base = new RdsPoolConfigStatus(
                config.getMetadata().getGeneration(),
                previous.conditions(),
                circuit,
                poolStatus(pool.metrics()),
                applied.generation(),
                applied.loadedAt().toString(),
                server);
        Condition hostKey = hostKeyCondition(spec);
        pools.hostKeyVerification(name, !Condition.TRUE.equals(hostKey.getStatus()));
        if (!Condition.TRUE.equals(hostKey.getStatus())
                && !Conditions.find(previous.conditions(), HOST_KEY_VERIFIED)
                        .map(c -> c.getStatus().equals(hostKey.getStatus()))
                        .orElse(false)) {
            events.warning(config, hostKey.getReason(), hostKey.getMessage());
        }
        var status = withConditions(config, base, List.of(ready, reachable, circuitClosed, hostKey));
        return patch(config, status).rescheduleAfter(interval);
    }

    private static Condition hostKeyCondition(RdsPoolConfigSpec spec) {
        if (Boolean.TRUE.equals(spec.server().insecureSkipHostKeyVerification())) {
            return Conditions.of(
                    HOST_KEY_VERIFIED,
                    false,
                    "InsecureSkipHostKeyVerification",
                    "Any server that answers at " + spec.server().address()
                            + " is taken for the RDS (insecureSkipHostKeyVerification: true); pin spec.server.hostKey");
        }
        return Conditions.of(
                HOST_KEY_VERIFIED,
                true,
                "Pinned",
                "The RDS must present host key "
                        + ServerIdentity.fingerprint(spec.server().hostKey()));
    }

    @Override
    public DeleteControl cleanup(RdsPoolConfig config, Context<RdsPoolConfig> context) {
        String name = config.getMetadata().getName();
        List<String> users = context.getClient().resources(RdsVolume.class).inAnyNamespace().list().getItems().stream()
                .filter(v -> name.equals(v.getSpec().poolConfigName()))
                .map(v -> v.getMetadata().getNamespace() + "/" + v.getMetadata().getName())
                .sorted()
                .toList();
        if (!users.isEmpty()) {
            var status = withConditions(
                    config,
                    current(config),
                    List.of(Conditions.of(
                            READY,
                            false,
                            "InUse",
                            users.size() + " RdsVolume(s) still use this pool: "
                                    + String.join(", ", users.subList(0, Math.min(5, users.size())))
                                    + (users.size() > 5 ? ", …" : "") + ". Delete them first.")));
            if (!status.equals(config.getStatus())) {
                context.getClient().resource(statusOnly(config, status)).patchStatus();
            }
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(Duration.ofSeconds(10));
        }
        pools.close(name);
        return DeleteControl.defaultDelete();
    }

    private Optional<Condition> keyProblem(RdsPoolConfigSpec spec, Context<RdsPoolConfig> context) {
        var ref = spec.server().privateKeySecretRef();
        String secret = "Secret " + ref.namespace() + "/" + ref.name();
        if (!secretNamespace.equals(ref.namespace())) {
            return Optional.of(Conditions.of(
                    READY,
                    false,
                    "SecretNamespaceNotWatched",
                    secret + " is outside the operator's namespace " + secretNamespace
                            + "; only that namespace's Secrets are read"));
        }
        if (context.getSecondaryResource(Secret.class).isEmpty()) {
            return Optional.of(Conditions.of(READY, false, "SecretNotFound", secret + " does not exist"));
        }
        if (privateKey(spec, context).isEmpty()) {
            return Optional.of(Conditions.of(READY, false, "SecretKeyNotFound", secret + " has no key " + ref.key()));
        }
        return Optional.empty();
    }

    private static Optional<String> privateKey(RdsPoolConfigSpec spec, Context<RdsPoolConfig> context) {
        String key = spec.server().privateKeySecretRef().key();
        return context.getSecondaryResource(Secret.class).flatMap(secret -> {
            if (secret.getData() != null && secret.getData().get(key) != null) {
                return Optional.of(new String(
                        Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
            }
            if (secret.getStringData() != null) {
                return Optional.ofNullable(secret.getStringData().get(key));
            }
            return Optional.empty();
        });
    }

    static RdsPoolConfigStatus.PoolStatus poolStatus(PoolMetrics metrics) {
        return new RdsPoolConfigStatus.PoolStatus(
                metrics.connectionsCreated(),
                metrics.active(),
                metrics.idle(),
                metrics.pending(),
                metrics.maxSize(),
                metrics.errors(),
                metrics.circuitBreaks(),
                metrics.rateLimitHits(),
                metrics.averageWaitText(),
                metrics.toString());
    }

    private RdsPoolConfigStatus withConditions(RdsPoolConfig config, RdsPoolConfigStatus base, List<Condition> wanted) {
        long generation = Objects.requireNonNullElse(config.getMetadata().getGeneration(), 0L);
        var list = base.conditions();
        for (Condition condition : wanted) {
            list = conditions.set(list, condition, generation);
        }
        return new RdsPoolConfigStatus(
                generation,
                list,
                base.circuitState(),
                base.pool(),
                base.appliedGeneration(),
                base.lastReloadTime(),
                base.server());
    }

    private static RdsPoolConfigStatus current(RdsPoolConfig config) {
        return config.getStatus() != null
                ? config.getStatus()
                : new RdsPoolConfigStatus(null, List.of(), null, null, null, null, null);
    }

    private static UpdateControl<RdsPoolConfig> patch(RdsPoolConfig config, RdsPoolConfigStatus status) {
        if (status.equals(config.getStatus())) {
            return UpdateControl.noUpdate();
        }
        return UpdateControl.patchStatus(statusOnly(config, status));
    }

    private static RdsPoolConfig statusOnly(RdsPoolConfig config, RdsPoolConfigStatus status) {
        var patch = new RdsPoolConfig();
        patch.setMetadata(
                new ObjectMetaBuilder().withName(config.getMetadata().getName()).build());
        patch.setStatus(status);
        return patch;
    }
}
