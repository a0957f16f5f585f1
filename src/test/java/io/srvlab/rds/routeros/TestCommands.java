package io.srvlab.rds.routeros;

/** Test-only access to the package-private command constructor, for raw lines the builder would refuse. */
public final class TestCommands {
    private TestCommands() {}

    public static RouterOsCommand raw(String line) {
        return new RouterOsCommand("raw", line);
    }
}
