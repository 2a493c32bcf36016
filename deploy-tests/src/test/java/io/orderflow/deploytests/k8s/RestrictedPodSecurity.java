package io.orderflow.deploytests.k8s;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The restricted Pod Security Standard (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
 * baseline controls included, as checks on a pod spec; plus the read-only root file system.
 */
public final class RestrictedPodSecurity {

    /** Volume types the restricted profile allows. */
    static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");

    static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");

    private RestrictedPodSecurity() {
    }

    /** What in the pod spec breaks the standard; empty when it complies. */
    public static List<String> violations(PodSpec pod) {
        List<String> problems = new ArrayList<>();
        if (Boolean.TRUE.equals(pod.getHostNetwork())) {
            problems.add("hostNetwork must not be true");
        }
        if (Boolean.TRUE.equals(pod.getHostPID())) {
            problems.add("hostPID must not be true");
        }
        if (Boolean.TRUE.equals(pod.getHostIPC())) {
            problems.add("hostIPC must not be true");
        }
        for (Volume volume : nullSafe(pod.getVolumes())) {
            String type = volumeType(volume);
            if (!ALLOWED_VOLUMES.contains(type)) {
                problems.add("volume " + volume.getName() + " is of type " + type + ", not one of " + ALLOWED_VOLUMES);
            }
        }
        PodSecurityContext podContext = pod.getSecurityContext();
        if (podContext != null) {
            if (Objects.equals(podContext.getRunAsUser(), 0L)) {
                problems.add("pod securityContext.runAsUser must not be 0");
            }
            checkSeccomp("pod", podContext.getSeccompProfile(), problems);
            checkSeLinux("pod", podContext.getSeLinuxOptions(), problems);
            if (podContext.getAppArmorProfile() != null && !allowedAppArmor(podContext.getAppArmorProfile().getType())) {
                problems.add("pod appArmorProfile must be RuntimeDefault or Localhost");
            }
            for (var sysctl : nullSafe(podContext.getSysctls())) {
                if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
                    problems.add("sysctl " + sysctl.getName() + " is not a safe sysctl");
                }
            }
            if (podContext.getWindowsOptions() != null && Boolean.TRUE.equals(podContext.getWindowsOptions().getHostProcess())) {
                problems.add("pod windowsOptions.hostProcess must not be true");
            }
        }
        for (Container container : nullSafe(pod.getContainers())) {
            checkContainer("container " + container.getName(), container.getSecurityContext(), container.getPorts(), podContext, problems);
        }
        for (Container container : nullSafe(pod.getInitContainers())) {
            checkContainer("init container " + container.getName(), container.getSecurityContext(), container.getPorts(), podContext, problems);
        }
        for (EphemeralContainer container : nullSafe(pod.getEphemeralContainers())) {
            checkContainer("ephemeral container " + container.getName(), container.getSecurityContext(), container.getPorts(), podContext, problems);
        }
        return problems;
    }

    private static void checkContainer(String what, SecurityContext context, List<ContainerPort> ports,
            PodSecurityContext pod, List<String> problems) {
        for (ContainerPort port : nullSafe(ports)) {
            if (port.getHostPort() != null && port.getHostPort() != 0) {
                problems.add(what + ": hostPort " + port.getHostPort() + " is not allowed");
            }
        }
        if (context == null) {
            problems.add(what + ": no securityContext (allowPrivilegeEscalation: false and capabilities.drop: [ALL] are required)");
            context = new SecurityContext();
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            problems.add(what + ": privileged must not be true");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            problems.add(what + ": allowPrivilegeEscalation must be false");
        }
        Capabilities capabilities = context.getCapabilities();
        if (capabilities == null || !nullSafe(capabilities.getDrop()).contains("ALL")) {
            problems.add(what + ": capabilities.drop must contain ALL");
        }
        if (capabilities != null) {
            for (String added : nullSafe(capabilities.getAdd())) {
                if (!"NET_BIND_SERVICE".equals(added)) {
                    problems.add(what + ": capability " + added + " must not be added");
                }
            }
        }
        Boolean runAsNonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                : pod == null ? null : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(runAsNonRoot)) {
            problems.add(what + ": runAsNonRoot must be true (on the container or the pod)");
        }
        if (Objects.equals(context.getRunAsUser(), 0L)) {
            problems.add(what + ": runAsUser must not be 0");
        }
        SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile()
                : pod == null ? null : pod.getSeccompProfile();
        if (seccomp == null) {
            problems.add(what + ": seccompProfile must be RuntimeDefault or Localhost (on the container or the pod)");
        } else {
            checkSeccomp(what, seccomp, problems);
        }
        checkSeLinux(what, context.getSeLinuxOptions(), problems);
        if (context.getProcMount() != null && !"Default".equals(context.getProcMount())) {
            problems.add(what + ": procMount must be Default");
        }
        if (context.getAppArmorProfile() != null && !allowedAppArmor(context.getAppArmorProfile().getType())) {
            problems.add(what + ": appArmorProfile must be RuntimeDefault or Localhost");
        }
        if (context.getWindowsOptions() != null && Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess())) {
            problems.add(what + ": windowsOptions.hostProcess must not be true");
        }
        // Not part of the standard, but of the issue: nothing but mounted volumes is writable.
        if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            problems.add(what + ": readOnlyRootFilesystem must be true");
        }
    }

    private static void checkSeccomp(String what, SeccompProfile profile, List<String> problems) {
        if (profile != null && !Set.of("RuntimeDefault", "Localhost").contains(profile.getType())) {
            problems.add(what + ": seccompProfile.type " + profile.getType() + " is not RuntimeDefault or Localhost");
        }
    }

    private static void checkSeLinux(String what, io.fabric8.kubernetes.api.model.SELinuxOptions options, List<String> problems) {
        if (options == null) {
            return;
        }
        if (options.getType() != null && !options.getType().isEmpty() && !SELINUX_TYPES.contains(options.getType())) {
            problems.add(what + ": seLinuxOptions.type " + options.getType() + " is not allowed");
        }
        if (options.getUser() != null && !options.getUser().isEmpty()) {
            problems.add(what + ": seLinuxOptions.user must not be set");
        }
        if (options.getRole() != null && !options.getRole().isEmpty()) {
            problems.add(what + ": seLinuxOptions.role must not be set");
        }
    }

    private static boolean allowedAppArmor(String type) {
        return "RuntimeDefault".equals(type) || "Localhost".equals(type);
    }

    /** The name of the one volume source a volume sets, as in the API ("emptyDir", "hostPath", ...). */
    static String volumeType(Volume volume) {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = mapper.valueToTree(volume);
        List<String> sources = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!"name".equals(f) && !node.get(f).isNull()) {
                sources.add(f);
            }
        });
        return sources.size() == 1 ? sources.get(0) : sources.toString();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
