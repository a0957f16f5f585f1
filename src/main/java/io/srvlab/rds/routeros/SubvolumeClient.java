package io.srvlab.rds.routeros;

import io.srvlab.rds.routeros.RouterOsException.Kind;
import java.util.Optional;

/** Btrfs subvolume operations on one session; each change is read back. Stateless and thread-safe. */
public final class SubvolumeClient {
    private final RouterOsClient client;

    public SubvolumeClient(RouterOsClient client) {
        this.client = client;
    }

    public Optional<SubvolumeInfo> find(RouterOsSession session, String name) throws RouterOsException {
        for (PrintItem item : RouterOsParser.parsePrintDetail(client.run(session, SubvolumeCommands.byName(name)))) {
            if (name.equals(item.get("name"))) {
                return Optional.of(new SubvolumeInfo(
                        name, item.properties().getOrDefault("fs", ""), "yes".equals(item.get("read-only"))));
            }
        }
        return Optional.empty();
    }

    public SubvolumeInfo create(RouterOsSession session, String filesystem, String name) throws RouterOsException {
        client.run(session, SubvolumeCommands.add(filesystem, name));
        return readBack(session, name);
    }

    public SubvolumeInfo snapshot(
            RouterOsSession session, String filesystem, String parent, String name, boolean readOnly)
            throws RouterOsException {
        client.run(session, SubvolumeCommands.snapshot(filesystem, parent, name, readOnly));
        return readBack(session, name);
    }

    /** Removes the subvolume of that name; true when it is gone afterwards. */
    public boolean remove(RouterOsSession session, String name) throws RouterOsException {
        client.run(session, SubvolumeCommands.remove(name));
        return find(session, name).isEmpty();
    }

    private SubvolumeInfo readBack(RouterOsSession session, String name) throws RouterOsException {
        return find(session, name)
                .orElseThrow(() -> new RouterOsException(Kind.FAILURE, "subvolume " + name + " not found after add"));
    }
}
