package io.simrt.cli;

import io.simrt.client.Client;
import io.simrt.client.ClientKind;
import io.simrt.client.NativeClient;
import picocli.CommandLine.Option;

/** Where a command's work runs: {@code --client} and its settings. */
final class ClientOptions {
    @Option(names = "--client", paramLabel = "native", defaultValue = "native",
            description = "Where batches run: native (the calling thread). Default: ${DEFAULT-VALUE}.")
    String client;

    ClientKind kind() {
        return ClientKind.parse(client);
    }

    Client open() {
        ClientKind kind = kind();
        if (kind != ClientKind.NATIVE) {
            throw new UsageException("--client " + kind.id() + " is not available in this build; use --client native");
        }
        return NativeClient.create();
    }
}
