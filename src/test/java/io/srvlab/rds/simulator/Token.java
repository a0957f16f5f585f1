package io.srvlab.rds.simulator;

/** One word of a command as typed, quotes and brackets included; {@code column} counts from 1. */
record Token(String raw, int column) {}
