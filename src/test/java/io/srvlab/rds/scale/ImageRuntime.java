package io.srvlab.rds.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the image starts the operator, read from the Dockerfile's runtime stage: the {@code -XX:} flags of its
 * {@code ENTRYPOINT} and the variables of its {@code ENV} lines, so that the benchmark runs the JVM as pods do.
 */
final class ImageRuntime {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Pattern FLAG = Pattern.compile("\"(-XX:[^\"]+)\"");
    private static final Pattern ENV_LINE = Pattern.compile("(?m)^ENV\\s+(.+)$");
    private static final Pattern VARIABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\\S+)");

    private ImageRuntime() {}

    static List<String> jvmFlags() {
        String runtime = runtimeStage();
        String entrypoint = runtime.substring(runtime.indexOf("ENTRYPOINT"));
        List<String> flags = new ArrayList<>();
        Matcher m = FLAG.matcher(entrypoint);
        while (m.find()) {
            flags.add(m.group(1));
        }
        if (flags.isEmpty()) {
            throw new IllegalStateException("no -XX: flag in the ENTRYPOINT of " + DOCKERFILE.toAbsolutePath());
        }
        return flags;
    }

    /** {@code ENV a=b c=d} lines of the runtime stage (unquoted values only, as the Dockerfile writes them). */
    static Map<String, String> environment() {
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher line = ENV_LINE.matcher(runtimeStage());
        while (line.find()) {
            Matcher variable = VARIABLE.matcher(line.group(1));
            while (variable.find()) {
                variables.put(variable.group(1), variable.group(2));
            }
        }
        return variables;
    }

    private static String runtimeStage() {
        try {
            String text = Files.readString(DOCKERFILE);
            return text.substring(text.lastIndexOf("\nFROM "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
