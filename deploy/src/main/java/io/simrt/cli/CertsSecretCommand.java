package io.simrt.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code simrt certs k8s-secret NAME}: the Kubernetes Secret that deploy/k8s mounts at {@code /etc/simrt/tls}, made
 * of the four files in {@code DIR/NAME}, printed as YAML for {@code kubectl apply -f -}. Every pod of the StatefulSet
 * and the coordinator Job share it.
 */
@Command(
        name = "k8s-secret",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Print a Kubernetes Secret holding node NAME's stores and password files (DIR/NAME, made by simrt certs "
                    + "node), for the pods to mount at /etc/simrt/tls: simrt certs k8s-secret NAME | kubectl apply -f -"
        })
final class CertsSecretCommand implements Callable<Integer> {
    /** A DNS-1123 subdomain (a Secret's name) and label (a namespace). */
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "NAME",
            description = "The node directory DIR/NAME to put in the Secret (simrt certs node NAME; for a "
                    + "StatefulSet one certificate with --san '*.<service>.<namespace>.svc.cluster.local').")
    String node;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "The CA's directory (simrt certs init). Default: ./" + CertsDir.DEFAULT_DIR + ".")
    Path dir = Path.of(CertsDir.DEFAULT_DIR);

    @Option(
            names = "--name",
            paramLabel = "SECRET",
            description = "The Secret's name. Default: simrt-tls, the one deploy/k8s mounts.")
    String name = "simrt-tls";

    @Option(
            names = "--namespace",
            paramLabel = "NAMESPACE",
            description = "The Secret's namespace. Default: none (kubectl's current namespace).")
    String namespace;

    @Override
    public Integer call() {
        if (!SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
            throw new UsageException(
                    "--name \"" + name + "\" is not a Kubernetes name (lower-case letters, digits, " + "'-' and '.')");
        }
        if (namespace != null && (!LABEL.matcher(namespace).matches() || namespace.length() > 63)) {
            throw new UsageException("--namespace \"" + namespace + "\" is not a Kubernetes namespace (lower-case "
                    + "letters, digits and '-', at most 63)");
        }
        Path from = dir.toAbsolutePath().normalize().resolve(node).normalize();
        List<String> files =
                List.of(CertsDir.KEY_STORE, CertsDir.KEY_PASSWORD, CertsDir.TRUST_STORE, CertsDir.TRUST_PASSWORD);
        for (String f : files) {
            if (!Files.isRegularFile(from.resolve(f))) {
                throw new UsageException(from + " has no " + f + ": make it with simrt certs node "
                        + CertsDir.shellQuote(node) + " --dir " + CertsDir.shellQuote(dir.toString()));
            }
        }
        StringBuilder yaml = new StringBuilder()
                .append("# The stores and password files of ")
                .append(from)
                .append(", for the simrt pods to mount at /etc/simrt/tls (deploy/k8s).\n")
                .append("# It holds a private key and passwords: apply it, do not commit it.\n")
                .append("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ")
                .append(name)
                .append('\n');
        if (namespace != null) {
            yaml.append("  namespace: ").append(namespace).append('\n');
        }
        yaml.append("  labels:\n    app.kubernetes.io/name: simrt\ntype: Opaque\ndata:\n");
        for (String f : files) {
            try {
                yaml.append("  ")
                        .append(f)
                        .append(": ")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(from.resolve(f))))
                        .append('\n');
            } catch (IOException e) {
                throw new UsageException("cannot read " + from.resolve(f) + ": " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(yaml);
        out.flush();
        return 0;
    }
}
