# syntax=docker/dockerfile:1
#
# rds-operator container image: build with the Maven wrapper, run the Quarkus fast-jar on a JRE 21.
#
#   docker build -t ghcr.io/srvlab/rds-operator:0.1.0 .
#
# Runtime contract (what manifests/ and the Helm chart rely on):
#   - runs as the non-root user 65532:65532 ("nonroot" in distroless); no shell, no package manager in the image
#   - needs a writable /tmp only (mount an emptyDir there and set readOnlyRootFilesystem: true)
#   - HTTP port 8080:
#       GET /q/health/live     liveness  (SmallRye Health)
#       GET /q/health/ready    readiness (includes the operator's informer health)
#       GET /q/health/started  startup
#       GET /q/metrics         Prometheus metrics (rds_pool_*, rds_command_seconds, operator_sdk_*, jvm_*)
#   - reads its namespace from POD_NAMESPACE (downward API) for leader election
# No credentials are baked in: the SSH private key is read at run time from a Secret in the operator's namespace.

# ---- build stage -------------------------------------------------------------------------------------------------
FROM eclipse-temurin:21.0.9_10-jdk-noble AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/main/ src/main/
# The CRDs the operator compares with the installed ones before it serves (bundled into the jar by the build).
COPY crds/ crds/
# Tests run in CI (./mvnw verify), not in the image build; formatting is checked there too.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp package -DskipTests -Dspotless.check.skip=true

# ---- runtime stage -----------------------------------------------------------------------------------------------
FROM gcr.io/distroless/java21-debian12:nonroot AS runtime
LABEL org.opencontainers.image.title="rds-operator" \
      org.opencontainers.image.description="Kubernetes operator for MikroTik ROSE Data Server NVMe/TCP volumes" \
      org.opencontainers.image.source="https://github.com/srvlab/rds-operator" \
      org.opencontainers.image.licenses="Apache-2.0"
WORKDIR /deployments
# Quarkus fast-jar layout, dependencies first so that code changes only rebuild the last layers.
# Files stay owned by root: the runtime user can read them but never modify them.
COPY --from=build /src/target/quarkus-app/lib/ lib/
COPY --from=build /src/target/quarkus-app/*.jar ./
COPY --from=build /src/target/quarkus-app/app/ app/
COPY --from=build /src/target/quarkus-app/quarkus/ quarkus/
ENV LANG=C.UTF-8 MALLOC_ARENA_MAX=2
USER 65532:65532
EXPOSE 8080
# JVM settings from the scale benchmark (docs/install.md, "Memory"): the serial collector, half the container's memory
# for the heap, metaspace and code cache capped, so that the process stays well inside the chart's memory limit.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50.0", "-XX:MaxMetaspaceSize=128m", \
            "-XX:ReservedCodeCacheSize=64m", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", \
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-jar", "/deployments/quarkus-run.jar"]
