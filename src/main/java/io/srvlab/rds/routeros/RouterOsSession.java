package io.srvlab.rds.routeros;

import java.time.Duration;

/** One authenticated SSH session to a RouterOS device; each command runs on its own exec channel. */
public interface RouterOsSession extends AutoCloseable {
    /**
     * Most bytes one command may print before it fails as unreadable: far above any listing the operator asks for (a
     * {@code print detail} of 10 000 disks is about 8 MiB), low enough that a runaway command cannot exhaust the heap.
     */
    int MAX_OUTPUT_BYTES = 16 << 20;

    /**
     * Runs one command and returns its raw output. Transport problems (channel or connection lost, timeout) throw a
     * {@link RouterOsException} whose {@link RouterOsException#isTransportFailure()} is true; RouterOS error text in
     * the output is not interpreted here (see {@link RouterOsParser}).
     */
    CommandOutput exec(RouterOsCommand command, Duration timeout) throws RouterOsException;

    /**
     * The fingerprint ({@code SHA256:…}, OpenSSH's form) of the host key the device presented when this session was
     * opened, whether or not it was checked against a pinned one; null where no SSH key exchange took place.
     */
    default String hostKeyFingerprint() {
        return null;
    }

    /** False once the underlying connection is known to be closed or broken. */
    boolean isOpen();

    @Override
    void close();
}
