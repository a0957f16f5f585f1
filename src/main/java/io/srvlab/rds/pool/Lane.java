package io.srvlab.rds.pool;

/**
 * Where an operation waits for its turn. Volume work waits {@link #IN_LINE}: a rate-limit token, then a session, first
 * come first served. The operator's own periodic reads of a server (inventory, health) go {@link #AHEAD}: first in
 * line for the next free session and without a token, so a reload or a status is never stuck behind the workload it
 * reports on. Their number is bounded by the status interval, not by the load.
 */
public enum Lane {
    IN_LINE,
    AHEAD
}
