package io.simrt.runtime.coordinator;

import io.simrt.api.Client;
import io.simrt.config.SimrtSettings;
import io.simrt.models.Model;
import io.simrt.runtime.code.CodeRefusedException;
import io.simrt.runtime.code.JarLocator;
import io.simrt.runtime.code.ShippedPackages;
import io.simrt.runtime.engine.CodeRequest;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.AllowedClasses;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A coordinator's code: answers its engines' {@link CodeRequest}s from the class loaders of the models registered
 * with it ({@link Coordinator.RegisterModel}), on a dispatcher for blocking work (it reads jars and packs directories).
 */
final class CodeServer {
    private CodeServer() {}

    /**
     * @param loaders       where the classes of registered models are looked up, latest first; the coordinator adds
     *                      to it as models are registered
     * @param allowPackages what this coordinator adds to its engines' allowed packages
     */
    static Behavior<CodeRequest> create(List<ClassLoader> loaders, List<String> allowPackages, SimrtSettings settings) {
        JarLocator locator =
                new JarLocator(settings.engine().code().maxJarBytes(), Model.class, Client.class, SimrtSettings.class);
        // classes outside these are refused by the engine anyway: not worth reading (or packing) their jars
        AllowedClasses shippable =
                AllowedClasses.of(ShippedPackages.union(settings.engine().allowedPackages(), allowPackages));
        return Behaviors.receive(CodeRequest.class)
                .onMessage(CodeRequest.Locate.class, m -> {
                    Engine.CodeLocated reply;
                    try {
                        reply = new Engine.CodeLocated(
                                m.modelId(),
                                locator.locate(
                                        m.classNames().stream()
                                                .filter(shippable::allows)
                                                .toList(),
                                        loaders),
                                allowPackages,
                                "");
                    } catch (CodeRefusedException | UncheckedIOException e) {
                        reply = new Engine.CodeLocated(m.modelId(), List.of(), allowPackages, e.getMessage());
                    }
                    m.replyTo().tell(reply);
                    return Behaviors.same();
                })
                .onMessage(CodeRequest.Fetch.class, m -> {
                    m.replyTo()
                            .tell(locator.get(m.jar().sha256())
                                    .map(l -> new Engine.CodeArrived(l.ref(), l.bytes(), ""))
                                    .orElseGet(() -> new Engine.CodeArrived(
                                            m.jar(), new byte[0], "this coordinator offered no jar " + m.jar())));
                    return Behaviors.same();
                })
                .build();
    }
}
