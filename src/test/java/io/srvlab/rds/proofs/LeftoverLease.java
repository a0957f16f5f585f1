package io.srvlab.rds.proofs;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.srvlab.rds.testing.OperatorProcess;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The leader Lease that the operators of an earlier test left behind. JOSDK does not give the lease back when the
 * operator stops (it builds fabric8's leader elector with {@code releaseOnCancel} off), so the first operator of the
 * next test would wait out the lease (15 s) for a holder that has already exited. A test starts as a fresh
 * installation does: when it launches its first operator and every operator launched before has exited, the lease
 * is deleted. Within one test nothing is touched: a replacement after SIGKILL or SIGTERM waits out its predecessor's
 * lease, as in a cluster; and while any earlier operator still runs, its lease stays.
 */
final class LeftoverLease {
    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final List<OperatorProcess> launched = new ArrayList<>();
    private String test = "";

    LeftoverLease(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /** Called before each launch: deletes the lease when this is a new test and no earlier operator runs. */
    synchronized void beforeLaunch() {
        String current = currentTest();
        if (!current.equals(test) && launched.stream().noneMatch(OperatorProcess::isAlive)) {
            client.leases().inNamespace(namespace).withName(name).delete();
        }
        test = current;
    }

    synchronized void launched(OperatorProcess operator) {
        launched.removeIf(p -> !p.isAlive());
        launched.add(operator);
    }

    /** The test method (or class set-up) on this thread's stack that is launching an operator. */
    private static String currentTest() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(LeftoverLease::isTestEntry)
                        .map(f -> f.getDeclaringClass().getName() + "#" + f.getMethodName())
                        .findFirst()
                        .orElse(""));
    }

    private static boolean isTestEntry(StackWalker.StackFrame frame) {
        try {
            Method method = frame.getDeclaringClass()
                    .getDeclaredMethod(
                            frame.getMethodName(), frame.getMethodType().parameterArray());
            return AnnotationSupport.isAnnotated(method, Testable.class)
                    || method.isAnnotationPresent(BeforeAll.class)
                    || method.isAnnotationPresent(BeforeEach.class);
        } catch (NoSuchMethodException e) {
            return false; // a lambda or bridge frame
        }
    }
}
