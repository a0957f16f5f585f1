package io.srvlab.rds.simulator;

import io.srvlab.rds.simulator.SimulatorKnobs.ErrorStream;
import io.srvlab.rds.simulator.SimulatorKnobs.Fault;

/**
 * What one exec channel carries back, as the knobs shape it: the text with its line endings, the stream it goes to,
 * and the exit status (null: none is sent). The SSH command and the in-memory session send the same replies.
 */
record ChannelReply(String text, ErrorStream stream, Integer exitStatus) {
    private static final String LOG_LINE =
            "17:20:06 echo: system,error,critical login failure for user admin from 10.0.0.9 via ssh";
    private static final String FLOOD_LINE = "13:02:11 echo: system,info log line";

    /** The interpreter's reply: errors on the error stream with the error exit status, output on stdout with 0. */
    static ChannelReply of(CliInterpreter.Reply r, SimulatorKnobs knobs, boolean withExitStatus) {
        if (r.error()) {
            return new ChannelReply(
                    lineEnds(r.text(), knobs), knobs.errorStream(), withExitStatus ? knobs.errorExitStatus() : null);
        }
        return new ChannelReply(
                lineEnds(withLogLine(r.text(), knobs), knobs), ErrorStream.STDOUT, withExitStatus ? 0 : null);
    }

    static ChannelReply of(Fault.Fail f, SimulatorKnobs knobs) {
        return new ChannelReply(lineEnds(f.text() + "\n", knobs), f.stream(), f.exitStatus());
    }

    /** One log line as the console ends it; a flood repeats it until at least the flood's bytes are out. */
    static String floodLine(SimulatorKnobs knobs) {
        return lineEnds(FLOOD_LINE + "\n", knobs);
    }

    private static String lineEnds(String text, SimulatorKnobs knobs) {
        return knobs.crlf() ? text.replace("\n", "\r\n") : text;
    }

    private static String withLogLine(String text, SimulatorKnobs knobs) {
        if (!knobs.interleaveLogLine() || text.isEmpty()) {
            return text;
        }
        int blank = text.indexOf("\n\n");
        if (blank >= 0) {
            return text.substring(0, blank + 1) + LOG_LINE + "\n" + text.substring(blank + 1);
        }
        int firstBreak = text.indexOf('\n');
        return text.substring(0, firstBreak + 1) + LOG_LINE + "\n" + text.substring(firstBreak + 1);
    }
}
