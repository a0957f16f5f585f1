package io.srvlab.rds.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The event recorder, keeping the Events it builds instead of sending them. */
public final class RecordingEvents extends EventRecorder {
    private final List<Event> sent = new CopyOnWriteArrayList<>();

    public RecordingEvents(Clock clock) {
        super(null, clock);
    }

    @Override
    protected void send(Event event) {
        sent.add(event);
    }

    public List<String> reasons() {
        return sent.stream().map(Event::getReason).toList();
    }
}
