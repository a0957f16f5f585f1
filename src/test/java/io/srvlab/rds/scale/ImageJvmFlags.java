package io.srvlab.rds.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code -XX:} flags of the image's {@code ENTRYPOINT} (the Dockerfile), so the benchmark runs the JVM as pods do. */
final class ImageJvmFlags {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Pattern FLAG = Pattern.compile("\"(-XX:[^\"]+)\"");

    private ImageJvmFlags() {}

    static List<String> read() {
        try {
            String text = Files.readString(DOCKERFILE);
            String entrypoint = text.substring(text.indexOf("ENTRYPOINT"));
            List<String> flags = new ArrayList<>();
            Matcher m = FLAG.matcher(entrypoint);
            while (m.find()) {
                flags.add(m.group(1));
            }
            if (flags.isEmpty()) {
                throw new IllegalStateException("no -XX: flag in the ENTRYPOINT of " + DOCKERFILE.toAbsolutePath());
            }
            return flags;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
