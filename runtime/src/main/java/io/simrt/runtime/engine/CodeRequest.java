package io.simrt.runtime.engine;

import io.simrt.runtime.code.JarRef;
import io.simrt.runtime.protocol.WireMessage;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What an engine asks its owner's code server (named in the owner's {@link Engine.Claim}) for classes it lacks:
 * which jars hold them ({@link Locate}, answered {@link Engine.CodeLocated}), then the bytes of each jar it does not
 * hold yet ({@link Fetch}, answered {@link Engine.CodeArrived}).
 */
public interface CodeRequest extends WireMessage {

    /** Which jars hold {@code classNames}, needed to install model {@code modelId}? */
    record Locate(String modelId, List<String> classNames, ActorRef<Engine.Command> replyTo) implements CodeRequest {
        public Locate {
            classNames = List.copyOf(classNames);
        }
    }

    /** The bytes of {@code jar}. */
    record Fetch(JarRef jar, ActorRef<Engine.Command> replyTo) implements CodeRequest {}
}
