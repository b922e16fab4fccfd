package io.simrt.cli;

import picocli.CommandLine.Command;

/**
 * {@code simrt certs}: the certificates Artery's mutual TLS needs (the default of the profiles cluster and
 * kubernetes), made with the JDK's own keytool, in two commands: {@code init} (the cluster's CA and trust store),
 * then {@code node NAME} for each node; {@code k8s-secret NAME} puts a node's directory into a Kubernetes Secret.
 */
@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        description = {
            "Certificates for Artery's mutual TLS, made with the JDK's keytool (docs/tls.md):",
            "  simrt certs init                 a CA for this cluster, in ./" + CertsDir.DEFAULT_DIR,
            "  simrt certs node NAME            a key store for node NAME, in ./" + CertsDir.DEFAULT_DIR + "/NAME",
            "  export SIMRT_TLS_DIR=$PWD/" + CertsDir.DEFAULT_DIR + "/NAME    then start the node",
        },
        subcommands = {CertsInitCommand.class, CertsNodeCommand.class, CertsSecretCommand.class})
final class CertsCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("name what to make: init, node NAME or k8s-secret NAME (see simrt certs --help)");
    }
}
