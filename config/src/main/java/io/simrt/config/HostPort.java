package io.simrt.config;

/** A {@code host:port} pair as seed nodes are written on the command line and in configuration. */
public record HostPort(String host, int port) {
    /** The name of every simrt node's actor system: the {@code simrt} of {@code pekko://simrt@host:port}. */
    public static final String SYSTEM_NAME = "simrt";

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new SettingsException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new SettingsException("port " + port + " outside 0..65535");
        }
    }

    /**
     * Parses {@code host:port} (IPv6 as {@code [::1]:port}), or a node's full Pekko address
     * {@code pekko://simrt@host:port} as Pekko logs it.
     *
     * @param what the option or key being parsed, for the error message
     * @throws SettingsException naming {@code what} and the value; for an address of another actor system, naming
     *                           the system simrt's nodes run
     */
    public static HostPort parse(String what, String value) {
        String v = value.trim();
        int scheme = v.indexOf("://");
        if (scheme >= 0) {
            String prefix = "pekko://" + SYSTEM_NAME + "@";
            if (!v.startsWith(prefix)) {
                throw new SettingsException(what + " = \"" + value + "\": expected host:port or " + prefix
                        + "host:port (simrt's nodes run the actor system " + SYSTEM_NAME + ")");
            }
            v = v.substring(prefix.length());
            if (v.endsWith("/")) {
                v = v.substring(0, v.length() - 1);
            }
        }
        if (v.contains("/") || v.contains("@")) {
            throw new SettingsException(
                    what + " = \"" + value + "\": expected host:port or pekko://" + SYSTEM_NAME + "@host:port");
        }
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new SettingsException(what + " = \"" + value + "\": expected host:port");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(v.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new SettingsException(what + " = \"" + value + "\": the port is not a number");
        } catch (SettingsException e) {
            throw new SettingsException(what + " = \"" + value + "\": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
