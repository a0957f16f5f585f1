package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.srvlab.rds.api.RdsPoolConfig;
import io.srvlab.rds.api.RdsPoolConfigSpec;

/** RdsPoolConfig objects for tests that need only part of one. */
final class PoolConfigs {
    private PoolConfigs() {}

    static RdsPoolConfig withDefaults(RdsPoolConfigSpec.VolumeDefaults defaults) {
        var config = new RdsPoolConfig();
        config.setMetadata(new ObjectMetaBuilder().withName("main").build());
        config.setSpec(new RdsPoolConfigSpec(null, null, null, null, defaults, null, null));
        return config;
    }
}
