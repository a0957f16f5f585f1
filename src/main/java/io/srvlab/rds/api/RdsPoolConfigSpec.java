package io.srvlab.rds.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One RDS server and how the operator talks to it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RdsPoolConfigSpec(
        @Required @JsonPropertyDescription("The RDS server: address, credentials, pinned host key, timeouts.")
        Server server,

        @Default("{}") @JsonPropertyDescription("SSH session pool bounds.")
        Pool pool,

        @Default("{}") @JsonPropertyDescription("Token bucket in front of every RouterOS command.")
        RateLimit rateLimit,

        @Default("{}") @JsonPropertyDescription("Circuit breaker over transport failures.")
        CircuitBreaker circuitBreaker,

        @Default("{}") @JsonPropertyDescription("Where and how volumes of this pool are created.")
        VolumeDefaults volumeDefaults,

        @Default("30s")
        @Pattern(ApiPatterns.DURATION)
        @ValidationRule(value = ApiPatterns.POSITIVE_DURATION_RULE, message = "must be a positive duration")
        @JsonPropertyDescription("How often pool metrics and server facts are refreshed in status.")
        String statusInterval,

        @Default("{}")
        @JsonPropertyDescription("Which namespaces may use this RDS, and which may adopt existing disks.")
        Tenancy tenancy,

        @JsonPropertyDescription("Where initiators reach the NVMe/TCP exports of this RDS, when that is not the SSH"
                + " address (a separate storage network). Written into every volume's status and PersistentVolume.")
        NvmeTcp nvmeTcp,

        @JsonPropertyDescription("Node-side choices an admin allows for the PersistentVolumes of this RDS's volumes.")
        PersistentVolumeChoices persistentVolumes,

        @JsonPropertyDescription("Opt in to snapshots and clones (Btrfs subvolume snapshots). Absent: off.")
        Snapshots snapshots) {

    /** A spec without a storage-network address or PersistentVolume choices. */
    public RdsPoolConfigSpec(
            Server server,
            Pool pool,
            RateLimit rateLimit,
            CircuitBreaker circuitBreaker,
            VolumeDefaults volumeDefaults,
            String statusInterval,
            Tenancy tenancy) {
        this(server, pool, rateLimit, circuitBreaker, volumeDefaults, statusInterval, tenancy, null, null, null);
    }

    /** The addresses initiators connect to, the first one preferred: the storage network's, else the SSH address. */
    public List<String> dataAddresses() {
        List<String> given = nvmeTcp == null || nvmeTcp.addresses() == null ? List.of() : nvmeTcp.addresses();
        return given.isEmpty() ? List.of(server.address()) : List.copyOf(new java.util.LinkedHashSet<>(given));
    }

    /**
     * The data path of the RDS.
     *
     * @param addresses host names or IP addresses of the RDS on the storage network, the first one preferred; more
     *     than one gives initiators that support it several paths to the same export (a repeated one counts once)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NvmeTcp(
            @Required
            @Size(min = 1, max = 8)
            @JsonPropertyDescription("Host names or IP addresses initiators connect to for NVMe/TCP, the first one"
                    + " preferred; several give multipath-capable node drivers several paths. The port is each"
                    + " disk's (volumeDefaults.nvmeTcpPort when it was created).")
            List<@Pattern(ApiPatterns.HOST) String> addresses) {}

    /**
     * Namespaces are tenants of the RDS: {@code namespaces} may create RdsVolumes on it (absent or {@code "*"}: every
     * namespace); adoption reaches disks the operator did not make, so each of {@code adoptionNamespaces} is named
     * ({@code "*"} is refused at admission, and ignored in a config stored before that); {@link TenantLimits} bound
     * what each namespace may hold.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tenancy(
            @JsonPropertyDescription("Namespaces whose RdsVolumes may use this RDS. Absent: every namespace.")
            List<@Pattern(ApiPatterns.NAMESPACE_OR_ALL) String> namespaces,

            @JsonPropertyDescription("Namespaces whose RdsVolumes may adopt a file disk under volumeDefaults.basePath"
                    + " that exists without an owner marker (spec.slot), each named: \"*\" is not accepted here."
                    + " Absent: none.")
            List<@Pattern(ApiPatterns.NAMESPACE) String> adoptionNamespaces,

            @JsonPropertyDescription("Host names an RdsVolume may name in spec.allowedHostName. Absent: none but"
                    + " volumeDefaults.allowedHostName. A host name is what an initiator announces, not a proof of"
                    + " who it is.")
            List<@Pattern(ApiPatterns.HOST_NAME) String> allowedHostNames,

            @JsonPropertyDescription("What each namespace may hold on this RDS. Absent: no limit.")
            TenantLimits limits) {

        public Tenancy(List<String> namespaces, List<String> adoptionNamespaces, List<String> allowedHostNames) {
            this(namespaces, adoptionNamespaces, allowedHostNames, null);
        }

        /** A volume's own host name is bounded by the admin's list; the pool config's default is always fine. */
        public boolean allowsHostName(String requested, String poolDefault) {
            return requested == null
                    || requested.equals(poolDefault)
                    || (allowedHostNames != null && allowedHostNames.contains(requested));
        }

        public boolean allows(String namespace) {
            return namespaces == null || namespaces.contains("*") || namespaces.contains(namespace);
        }

        /** Only a namespace named in {@code adoptionNamespaces}: a {@code "*"} there (stored before it was refused) counts for none. */
        public boolean allowsAdoption(String namespace) {
            return adoptionNamespaces != null && adoptionNamespaces.contains(namespace);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(
            value =
                    "has(self.hostKey) || (has(self.insecureSkipHostKeyVerification) && self.insecureSkipHostKeyVerification)",
            message = "hostKey is required unless insecureSkipHostKeyVerification is true")
    @ValidationRule(
            value =
                    "!has(self.hostKey) || !has(self.insecureSkipHostKeyVerification) || !self.insecureSkipHostKeyVerification",
            message = "hostKey and insecureSkipHostKeyVerification: true exclude each other; a pinned key is verified")
    public record Server(
            @Required @Pattern(ApiPatterns.HOST) @JsonPropertyDescription("Host name or IP address of the RDS.")
            String address,

            @Default("22") @Min(1) @Max(65535) @JsonPropertyDescription("SSH port of the RDS.")
            Integer port,

            @Default("admin")
            @Pattern(ApiPatterns.USER)
            @JsonPropertyDescription("RouterOS user the operator logs in as; its group needs the read, write and ssh"
                    + " policies (see docs/install.md).")
            String user,

            @Required @JsonPropertyDescription("Secret that holds the OpenSSH private key.")
            SecretKeyRef privateKeySecretRef,

            @Pattern(ApiPatterns.HOST_KEY)
            @JsonPropertyDescription("Pinned server host key in OpenSSH public key format.")
            String hostKey,

            @Default("false") @JsonPropertyDescription("Accept any server host key. Insecure: for labs only.")
            Boolean insecureSkipHostKeyVerification,

            @Default("10s")
            @Pattern(ApiPatterns.DURATION)
            @ValidationRule(value = ApiPatterns.POSITIVE_DURATION_RULE, message = "must be a positive duration")
            @JsonPropertyDescription("Time allowed to open and authenticate an SSH session, e.g. 10s.")
            String connectTimeout,

            @Default("30s")
            @Pattern(ApiPatterns.DURATION)
            @ValidationRule(value = ApiPatterns.POSITIVE_DURATION_RULE, message = "must be a positive duration")
            @JsonPropertyDescription("Time allowed for one RouterOS command before it counts as failed, e.g. 30s.")
            String commandTimeout) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecretKeyRef(
            @Required
            @Pattern(ApiPatterns.DNS_NAME)
            @JsonPropertyDescription("Namespace of the Secret; must be the operator's own namespace, the only one"
                    + " where it may read Secrets.")
            String namespace,

            @Required @Pattern(ApiPatterns.DNS_NAME) @JsonPropertyDescription("Name of the Secret.")
            String name,

            @Default("id_ed25519")
            @Pattern(ApiPatterns.SECRET_KEY)
            @JsonPropertyDescription("Key in the Secret's data that holds the OpenSSH private key.")
            String key) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(
            value = "!has(self.maxIdle) || !has(self.maxSize) || self.maxIdle <= self.maxSize",
            message = "maxIdle must not exceed maxSize")
    public record Pool(
            @Default("10")
            @Min(1)
            @Max(1000)
            @JsonPropertyDescription("Most SSH sessions open to the RDS at once; callers beyond it wait in FIFO order.")
            Integer maxSize,

            @Default("5")
            @Min(0)
            @Max(1000)
            @JsonPropertyDescription("Most idle sessions kept open for reuse; at most maxSize.")
            Integer maxIdle,

            @Default("5m")
            @Pattern(ApiPatterns.DURATION)
            @ValidationRule(value = ApiPatterns.POSITIVE_DURATION_RULE, message = "must be a positive duration")
            @JsonPropertyDescription("An idle session older than this is closed.")
            String idleTimeout,

            @Default("30s")
            @Pattern(ApiPatterns.DURATION)
            @ValidationRule(value = ApiPatterns.POSITIVE_DURATION_RULE, message = "must be a positive duration")
            @JsonPropertyDescription("Longest wait for a free session before the operation fails as PoolExhausted.")
            String acquireTimeout) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(
            @Default("10")
            @Min(1)
            @Max(10000)
            @JsonPropertyDescription("Sustained RouterOS commands per second sent to this RDS.")
            Integer requestsPerSecond,

            @Default("20")
            @Min(1)
            @Max(100000)
            @JsonPropertyDescription("Commands that may be sent at once after a quiet spell (bucket size).")
            Integer burst) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CircuitBreaker(
            @Default("5")
            @Min(1)
            @Max(1000)
            @JsonPropertyDescription("Consecutive transport failures that open the breaker.")
            Integer failureThreshold,

            @Default("30s")
            @Pattern(ApiPatterns.DURATION)
            @ValidationRule(value = ApiPatterns.POSITIVE_DURATION_RULE, message = "must be a positive duration")
            @JsonPropertyDescription("How long an open breaker refuses commands before it half-opens to probe.")
            String openDuration,

            @Default("1")
            @Min(1)
            @Max(100)
            @JsonPropertyDescription("Probe commands let through while half-open; all must succeed to close again.")
            Integer halfOpenProbes) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VolumeDefaults(
            @Default("/storage-pool/kubernetes-volumes")
            @Size(max = ApiPatterns.BASE_PATH_MAX_LENGTH)
            @Pattern(ApiPatterns.BASE_PATH)
            @JsonPropertyDescription(
                    "Directory on the RDS where the backing files (<slot>.img) of new disks are created.")
            String basePath,

            @Default("4420")
            @Min(1)
            @Max(65535)
            @JsonPropertyDescription("TCP port new disks are exported on over NVMe/TCP.")
            Integer nvmeTcpPort,

            @Default("nqn.2000-02.com.mikrotik")
            @Pattern(ApiPatterns.NQN_PREFIX)
            @JsonPropertyDescription("A new disk's NQN is <nqnPrefix>:<slot>.")
            String nqnPrefix,

            @Pattern(ApiPatterns.HOST_NAME)
            @JsonPropertyDescription("Export new volumes only to initiators announcing this host name, unless the"
                    + " RdsVolume names its own. Absent: any initiator that reaches the port.")
            String allowedHostName) {}
}
