package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.Event;
import io.srvlab.rds.operator.common.EventRecorder;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The event recorder, keeping the Events it builds instead of sending them. */
final class RecordingEvents extends EventRecorder {
    private final List<Event> sent = new CopyOnWriteArrayList<>();

    RecordingEvents(Clock clock) {
        super(null, clock);
    }

    @Override
    protected void send(Event event) {
        sent.add(event);
    }

    List<String> reasons() {
        return sent.stream().map(Event::getReason).toList();
    }
}
