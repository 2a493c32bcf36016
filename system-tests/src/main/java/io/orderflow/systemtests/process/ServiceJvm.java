package io.orderflow.systemtests.process;

/**
 * The JVM options every service runs with, as the images and {@code deploy/local/run.sh} run it:
 * passed in {@code JDK_JAVA_OPTIONS}, which the {@code java} launcher reads itself (no shell
 * needed). The value must stay the same as theirs; deploy-tests checks it.
 *
 * <ul>
 *   <li>{@code -XX:+UseSerialGC -Xmx64m}: a service keeps about 15 MB live; on the JVM's defaults
 *       (G1, a quarter of the machine's memory) the heap alone settles near 300 MB. One collector
 *       thread and no concurrent GC work also leave the CPUs to the pipeline.</li>
 *   <li>{@code -XX:TieredStopAtLevel=1}: C1 only. Four JVMs and Redis share the CPUs; C2's
 *       compiler threads competed with the work during warm-up and its code cache and arenas
 *       cost about 50 MB of resident memory per service.</li>
 * </ul>
 */
public final class ServiceJvm {

    /** The environment variable the launcher reads the options from. */
    public static final String VARIABLE = "JDK_JAVA_OPTIONS";

    public static final String OPTIONS = "-XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1";

    private ServiceJvm() {
    }
}
