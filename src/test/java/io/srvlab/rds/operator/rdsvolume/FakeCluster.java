package io.srvlab.rds.operator.rdsvolume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeList;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The few API calls the volume flows make, answered from memory: PersistentVolumes, claims and Pods to look up, and
 * the status patches written. Any other call fails, so a flow that starts to make one shows up here.
 */
final class FakeCluster {
    private final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();
    private final List<HasMetadata> statusPatches = new CopyOnWriteArrayList<>();
    private final KubernetesClient client = proxy(KubernetesClient.class, new Call(null, null, null, null, null));

    KubernetesClient client() {
        return client;
    }

    void put(HasMetadata object) {
        objects.put(
                key(
                        object.getKind(),
                        object.getMetadata().getNamespace(),
                        object.getMetadata().getName()),
                object);
    }

    List<HasMetadata> statusPatches() {
        return List.copyOf(statusPatches);
    }

    /** Where a chain of fluent calls has got to. */
    private record Call(String kind, String namespace, String name, HasMetadata item, Map.Entry<String, String> label) {
        Call with(String kind, String namespace, String name, HasMetadata item) {
            return new Call(
                    kind != null ? kind : this.kind,
                    namespace != null ? namespace : this.namespace,
                    name != null ? name : this.name,
                    item != null ? item : this.item,
                    label);
        }

        Call withLabel(String key, String value) {
            return new Call(kind, namespace, name, item, Map.entry(key, value));
        }
    }

    private <T> T proxy(Class<T> type, Call call) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> answer(method, args, call)));
    }

    private Object answer(Method method, Object[] args, Call call) {
        Object next =
                switch (method.getName()) {
                    case "persistentVolumes" -> call.with("PersistentVolume", "", null, null);
                    case "persistentVolumeClaims" -> call.with("PersistentVolumeClaim", null, null, null);
                    case "pods" -> call.with("Pod", null, null, null);
                    case "inNamespace" -> call.with(null, (String) args[0], null, null);
                    case "withName" -> call.with(null, null, (String) args[0], null);
                    case "resource" -> call.with(null, null, null, (HasMetadata) args[0]);
                    case "get" -> objects.get(key(call.kind(), call.namespace(), call.name()));
                    case "withLabel" -> call.withLabel((String) args[0], (String) args[1]);
                    case "list" -> call.kind().equals("Pod") ? pods(call.namespace()) : persistentVolumes(call.label());
                    case "patchStatus" -> {
                        statusPatches.add(call.item());
                        yield call.item();
                    }
                    case "hashCode" -> System.identityHashCode(this);
                    case "toString" -> "FakeCluster" + call;
                    default -> throw new UnsupportedOperationException("not faked: " + method);
                };
        if (next instanceof Call chained) {
            // generic returns are erased to Object: the fluent type they stand for
            Class<?> type = method.getReturnType().isInterface()
                    ? method.getReturnType()
                    : method.getName().equals("withName") ? Resource.class : NonNamespaceOperation.class;
            return proxy(type, chained);
        }
        return next;
    }

    private PodList pods(String namespace) {
        var list = new PodList();
        list.setItems(objects.values().stream()
                .filter(o -> o.getKind().equals("Pod")
                        && Objects.equals(o.getMetadata().getNamespace(), namespace))
                .map(io.fabric8.kubernetes.api.model.Pod.class::cast)
                .toList());
        return list;
    }

    private PersistentVolumeList persistentVolumes(Map.Entry<String, String> label) {
        var list = new PersistentVolumeList();
        list.setItems(objects.values().stream()
                .filter(o -> o.getKind().equals("PersistentVolume"))
                .filter(o -> label == null
                        || (o.getMetadata().getLabels() != null
                                && label.getValue()
                                        .equals(o.getMetadata().getLabels().get(label.getKey()))))
                .map(PersistentVolume.class::cast)
                .toList());
        return list;
    }

    private static String key(String kind, String namespace, String name) {
        return kind + "/" + Objects.requireNonNullElse(namespace, "") + "/" + name;
    }
}
