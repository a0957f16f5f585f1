package io.srvlab.rds.operator.rdssnapshot;

import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.pool.RdsPool;
import io.srvlab.rds.volume.SnapshotOperations.SnapshotPlan;

/**
 * What one RdsSnapshot is taken of and where: its source volume's subvolume on the pool serving the volume's pool
 * config.
 *
 * @param image the file name of the volume's image (what a restore attaches)
 * @param restoreSize the source disk's exact size in bytes
 * @param server the RDS as {@code host:port}
 */
record SnapshotTarget(
        RdsPoolConfig config, RdsPool pool, SnapshotPlan plan, String image, long restoreSize, String server) {}
