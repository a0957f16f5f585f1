package io.srvlab.rds.routeros;

import java.util.Objects;

/**
 * One RouterOS CLI command line, built only by {@link RouterOsCommands} from validated values. {@code name} is a
 * short, fixed label for logs and metrics (e.g. {@code disk-add}); {@code line} is what goes over the wire.
 */
public final class RouterOsCommand {
    private final String name;
    private final String line;

    RouterOsCommand(String name, String line) {
        this.name = Objects.requireNonNull(name);
        this.line = Objects.requireNonNull(line);
    }

    public String name() {
        return name;
    }

    public String line() {
        return line;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterOsCommand c && name.equals(c.name) && line.equals(c.line);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, line);
    }

    @Override
    public String toString() {
        return line;
    }
}
