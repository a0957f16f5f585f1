package io.srvlab.rds.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone:
 *
 * <pre>
 * java -jar target/rds-simulator/rds-simulator.jar --port 2222 \
 *     [--bind 127.0.0.1] [--host-key FILE] [--authorized-keys FILE] [--user admin] \
 *     [--handshake-latency 50ms] [--command-latency 20ms] [--wrap-width 78] [--no-login-width] [--no-crlf] \
 *     [--error-stream stdout|stderr] [--error-exit-status 0] [--max-sessions N] [--reject-auth] [--disk-full] \
 *     [--capacity TOTAL_BYTES:FREE_BYTES] [--identity NAME] [--version "7.16 (stable)"] [--log-lines] \
 *     [--duplicate-slot-error TEXT] [--empty-find-error TEXT] [--fail-next N:TEXT] [--drop-next N] [--hang-next N]
 * </pre>
 *
 * Without {@code --host-key} an ed25519 key is generated and its public line printed for pinning; without {@code
 * --authorized-keys} any client key is accepted.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        RouterOsSimulator simulator = start(args);
        if (simulator != null) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    simulator.close();
                } catch (java.io.IOException e) {
                    // exiting anyway
                }
            }));
            new CountDownLatch(1).await();
        }
    }

    /** Parses the options, starts the simulator and prints how to pin its host key; null for {@code --help}. */
    public static RouterOsSimulator start(String[] args) throws Exception {
        String bind = "127.0.0.1";
        int port = 2222;
        String user = null;
        KeyPair hostKey = null;
        List<PublicKey> authorized = new ArrayList<>();
        List<Runnable> settings = new ArrayList<>();
        RouterOsSimulator[] holder = new RouterOsSimulator[1];
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--bind" -> bind = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--user" -> user = args[++i];
                case "--host-key" -> hostKey = SimulatorKeys.readPrivateKey(Files.readString(Path.of(args[++i])));
                case "--authorized-keys" -> {
                    for (String line : Files.readAllLines(Path.of(args[++i]))) {
                        if (!line.isBlank() && !line.startsWith("#")) {
                            authorized.add(parse(line));
                        }
                    }
                }
                case "--handshake-latency" ->
                    settings.add(() -> holder[0].knobs().handshakeLatency(duration(v)));
                case "--command-latency" -> settings.add(() -> holder[0].knobs().commandLatency(duration(v)));
                case "--wrap-width" -> settings.add(() -> holder[0].knobs().wrapWidth(Integer.parseInt(v)));
                case "--no-login-width" -> settings.add(() -> holder[0].knobs().honourLoginWidth(false));
                case "--no-crlf" -> settings.add(() -> holder[0].knobs().crlf(false));
                case "--error-stream" ->
                    settings.add(() -> holder[0]
                            .knobs()
                            .errorStream(SimulatorKnobs.ErrorStream.valueOf(v.toUpperCase(java.util.Locale.ROOT))));
                case "--error-exit-status" ->
                    settings.add(() -> holder[0].knobs().errorExitStatus(Integer.parseInt(v)));
                case "--max-sessions" -> settings.add(() -> holder[0].knobs().maxSessions(Integer.parseInt(v)));
                case "--reject-auth" -> settings.add(() -> holder[0].knobs().rejectAuth(true));
                case "--disk-full" -> settings.add(() -> holder[0].knobs().diskFull(true));
                case "--log-lines" -> settings.add(() -> holder[0].knobs().interleaveLogLine(true));
                case "--duplicate-slot-error" ->
                    settings.add(() -> holder[0].knobs().duplicateSlotError(v));
                case "--empty-find-error" ->
                    settings.add(() -> holder[0].knobs().emptyFindError(v));
                case "--capacity" ->
                    settings.add(() -> {
                        String[] p = v.split(":");
                        holder[0].rds().capacity(Long.parseLong(p[0]), Long.parseLong(p[1]));
                    });
                case "--identity" -> settings.add(() -> holder[0].rds().identity(v));
                case "--version" -> settings.add(() -> holder[0].rds().version(v));
                case "--fail-next" ->
                    settings.add(() -> {
                        int colon = v.indexOf(':');
                        holder[0]
                                .knobs()
                                .failNext(
                                        Integer.parseInt(v.substring(0, colon)),
                                        v.substring(colon + 1),
                                        holder[0].knobs().errorStream(),
                                        holder[0].knobs().errorExitStatus());
                    });
                case "--drop-next" -> settings.add(() -> holder[0].knobs().dropNext(Integer.parseInt(v)));
                case "--hang-next" -> settings.add(() -> holder[0].knobs().hangNext(Integer.parseInt(v)));
                case "--help", "-h" -> {
                    System.out.println("options: see docs/simulator.md");
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            if (takesValue(a)) {
                i++;
            }
        }
        if (hostKey == null) {
            hostKey = SimulatorKeys.ed25519();
        }
        holder[0] = new RouterOsSimulator(bind, port, hostKey, authorized, user);
        settings.forEach(Runnable::run);
        holder[0].start();
        System.out.println("RDS simulator listening on " + bind + ":" + holder[0].port());
        System.out.println("host key (pin this): " + SimulatorKeys.publicKeyLine(hostKey.getPublic()));
        if (authorized.isEmpty()) {
            System.out.println("WARNING: no --authorized-keys given; any client key is accepted");
        }
        return holder[0];
    }

    private static boolean takesValue(String option) {
        return switch (option) {
            case "--handshake-latency",
                    "--command-latency",
                    "--wrap-width",
                    "--error-stream",
                    "--error-exit-status",
                    "--max-sessions",
                    "--duplicate-slot-error",
                    "--empty-find-error",
                    "--capacity",
                    "--identity",
                    "--version",
                    "--fail-next",
                    "--drop-next",
                    "--hang-next" -> true;
            default -> false;
        };
    }

    private static PublicKey parse(String line) {
        try {
            return SimulatorKeys.readPublicKey(line);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an OpenSSH public key line in --authorized-keys", e);
        }
    }

    /** {@code 250ms}, {@code 2s}, {@code 1m}. */
    static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> throw new IllegalArgumentException("duration like 250ms, 2s or 1m expected: " + text);
        };
    }
}
