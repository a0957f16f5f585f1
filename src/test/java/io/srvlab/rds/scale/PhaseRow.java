package io.srvlab.rds.scale;

/**
 * One measured result beyond the batch: what was timed, how long it took, the work counted in that interval and the
 * bound that work implies ({@code null} where no time is being bounded, e.g. a steady-state window).
 */
record PhaseRow(String what, int volumes, double seconds, Work work, Bound bound, String notes) {

    double ratio() {
        return bound == null ? Double.NaN : bound.ratio(seconds);
    }
}
