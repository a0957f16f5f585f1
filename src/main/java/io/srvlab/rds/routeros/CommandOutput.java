package io.srvlab.rds.routeros;

/** Raw result of one exec channel: RouterOS may print errors on either stream, with any exit status. */
public record CommandOutput(String stdout, String stderr, Integer exitStatus) {}
