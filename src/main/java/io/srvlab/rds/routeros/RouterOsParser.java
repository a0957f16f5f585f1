package io.srvlab.rds.routeros;

/** Parses RouterOS CLI output (print detail, errors) into typed values. */
public final class RouterOsParser {
    private RouterOsParser() {}
}
