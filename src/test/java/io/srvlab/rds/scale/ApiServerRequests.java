package io.srvlab.rds.scale;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests the API server answered so far, by every client (the benchmark, the operator's volumes, leases and Events,
 * leader election), from its own {@code apiserver_request_total} counters: the writes the batch really cost, which the
 * benchmark's RdsVolume watch sees only part of. Unreadable metrics count as -1.
 */
record ApiServerRequests(long writes, long reads) {
    private static final Pattern SAMPLE = Pattern.compile("^apiserver_request_total\\{([^}]*)} (\\S+)$");
    private static final Pattern VERB = Pattern.compile("(?:^|,)verb=\"([A-Z]+)\"");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "APPLY", "DELETE", "DELETECOLLECTION");
    private static final Set<String> READS = Set.of("GET", "LIST");

    static ApiServerRequests now(KubernetesClient client) {
        String text;
        try {
            text = client.raw("/metrics");
        } catch (RuntimeException e) {
            return new ApiServerRequests(-1, -1);
        }
        if (text == null) {
            return new ApiServerRequests(-1, -1);
        }
        double writes = 0;
        double reads = 0;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            Matcher verb = VERB.matcher(sample.group(1));
            if (!verb.find()) {
                continue;
            }
            double value = Double.parseDouble(sample.group(2));
            if (WRITES.contains(verb.group(1))) {
                writes += value;
            } else if (READS.contains(verb.group(1))) {
                reads += value;
            }
        }
        return new ApiServerRequests(Math.round(writes), Math.round(reads));
    }

    ApiServerRequests minus(ApiServerRequests earlier) {
        return writes < 0 || earlier.writes < 0
                ? new ApiServerRequests(-1, -1)
                : new ApiServerRequests(writes - earlier.writes, reads - earlier.reads);
    }
}
