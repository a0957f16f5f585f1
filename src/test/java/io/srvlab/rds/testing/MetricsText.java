package io.srvlab.rds.testing;

/** Sums of samples in a Prometheus text exposition, selected by metric name and label fragments. */
public final class MetricsText {
    private MetricsText() {}

    /**
     * The sum of every sample of {@code metric} whose label set contains all of {@code labels} (each written as in
     * the exposition, e.g. {@code area="heap"}); NaN when there is none.
     */
    public static double sum(String text, String metric, String... labels) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, Math.max(space, 0));
            if (!name.equals(metric) || space < 0) {
                continue;
            }
            String labelSet = brace >= 0 ? line.substring(brace, line.indexOf('}', brace) + 1) : "";
            boolean matches = true;
            for (String label : labels) {
                matches &= labelSet.contains(label);
            }
            if (matches) {
                total += Double.parseDouble(line.substring(space + 1));
                found = true;
            }
        }
        return found ? total : Double.NaN;
    }
}
