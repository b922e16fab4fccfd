package io.simrt.api;

import java.util.List;

/** Several engines' user code failed in one request; each failure keeps its engine id and cause. */
public final class CompositeException extends SimrtException {
    private static final long serialVersionUID = 1L;
    private final transient List<RemoteException> failures;

    public CompositeException(String what, List<RemoteException> failures) {
        super(failures.size() + " of the tasks of " + what + " raised: " + summary(failures));
        this.failures = List.copyOf(failures);
        failures.forEach(this::addSuppressed);
    }

    private static String summary(List<RemoteException> failures) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(3, failures.size()); i++) {
            s.append(i == 0 ? "" : "; ").append(failures.get(i).getMessage());
        }
        if (failures.size() > 3) {
            s.append("; ...");
        }
        return s.toString();
    }

    public List<RemoteException> failures() {
        return failures;
    }
}
