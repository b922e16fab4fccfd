package io.simrt.runtime.code;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a coordinator's {@code allow-packages} become on an engine: nothing when the engine takes no shipped code;
 * as given when the engine does not narrow them ({@code simrt.engine.code.packages} empty); otherwise only what lies
 * under the engine's prefixes (a coordinator's {@code com.} meets an engine's {@code com.example.} as
 * {@code com.example.}).
 */
public final class ShippedPackages {
    private ShippedPackages() {}

    public static List<String> narrow(List<String> offered, boolean accept, List<String> enginePrefixes) {
        if (!accept) {
            return List.of();
        }
        if (enginePrefixes.isEmpty()) {
            return List.copyOf(offered);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : offered) {
            for (String n : enginePrefixes) {
                if (p.startsWith(n)) {
                    out.add(p);
                } else if (n.startsWith(p)) {
                    out.add(n);
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code base} followed by those of {@code extra} it does not already hold. */
    public static List<String> union(List<String> base, List<String> extra) {
        List<String> out = new ArrayList<>(base);
        for (String p : extra) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }
}
