package io.srvlab.rds.routeros;

/** Builds every command the operator sends; each value is checked against an allow-list first. */
public final class RouterOsCommands {
    private RouterOsCommands() {}

    /** Cheap no-op used to validate an idle session and as the health check. */
    public static RouterOsCommand identity() {
        return new RouterOsCommand("system-identity", "/system identity print");
    }
}
