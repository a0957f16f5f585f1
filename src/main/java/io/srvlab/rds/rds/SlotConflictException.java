package io.srvlab.rds.rds;

import io.srvlab.rds.routeros.RouterOsException;

/** The slot exists on the RDS with another backing file: the operator never touches such a disk. */
public final class SlotConflictException extends RouterOsException {
    public SlotConflictException(String message) {
        super(Kind.SLOT_CONFLICT, message);
    }
}
