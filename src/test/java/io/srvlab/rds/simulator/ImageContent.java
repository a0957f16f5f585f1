package io.srvlab.rds.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * What was written into a simulated image file, as the ordered list of writes (unwritten bytes read as zeros). A value:
 * a write makes a new content, so a snapshot that took the old one keeps seeing it (copy-on-write).
 */
record ImageContent(List<Write> writes) {
    static final ImageContent EMPTY = new ImageContent(List.of());

    record Write(long offset, byte[] data) {}

    ImageContent {
        writes = List.copyOf(writes);
    }

    ImageContent with(long offset, byte[] data) {
        List<Write> next = new ArrayList<>(writes);
        next.add(new Write(offset, data.clone()));
        return new ImageContent(next);
    }

    byte[] read(long offset, int length) {
        byte[] out = new byte[length];
        for (Write w : writes) {
            long from = Math.max(offset, w.offset());
            long to = Math.min(offset + length, w.offset() + w.data().length);
            for (long i = from; i < to; i++) {
                out[(int) (i - offset)] = w.data()[(int) (i - w.offset())];
            }
        }
        return out;
    }
}
