package io.simrt.runtime.protocol.bulk;

import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS for the bulk lane, with the node's own key and trust material (the stores Artery's TLS uses). Both sides
 * always authenticate: the serving side demands a certificate the trust store accepts, so a client without the
 * cluster's certificate cannot fetch anything.
 *
 * @param context              built from the node's key store and trust store
 * @param protocol             the one TLS version offered and accepted (Artery's {@code protocol})
 * @param cipherSuites         the suites enabled (Artery's {@code enabled-algorithms})
 * @param hostnameVerification whether a fetching node checks the serving node's certificate against its host name
 */
public record LaneTls(SSLContext context, String protocol, List<String> cipherSuites, boolean hostnameVerification) {
    public LaneTls {
        cipherSuites = List.copyOf(cipherSuites);
    }

    SSLEngine serverEngine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        configure(e);
        e.setNeedClientAuth(true);
        return e;
    }

    SSLEngine clientEngine(String host, int port) {
        SSLEngine e = context.createSSLEngine(host, port);
        e.setUseClientMode(true);
        configure(e);
        if (hostnameVerification) {
            SSLParameters p = e.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(p);
        }
        return e;
    }

    private void configure(SSLEngine e) {
        e.setEnabledProtocols(new String[] {protocol});
        e.setEnabledCipherSuites(cipherSuites.toArray(String[]::new));
    }
}
