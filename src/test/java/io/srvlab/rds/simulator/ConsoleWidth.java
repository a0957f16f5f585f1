package io.srvlab.rds.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The console width a login gets: a {@code user+…<N>w} option (docs/routeros.md §1.4), else the knob. */
final class ConsoleWidth {
    private static final Pattern LOGIN_WIDTH = Pattern.compile("\\+[a-z0-9]*?(\\d+)w");

    private ConsoleWidth() {}

    static int of(String login, SimulatorKnobs knobs) {
        if (knobs.honourLoginWidth() && login != null) {
            Matcher m = LOGIN_WIDTH.matcher(login);
            if (m.find()) {
                return Math.max(20, Math.min(4096, Integer.parseInt(m.group(1))));
            }
        }
        return knobs.wrapWidth();
    }
}
