package dev.franking.review.testapp;

import dev.franking.review.model.ReviewPorts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The sign-in audit port as a list of rows ("event actor subject detail"). */
public class InMemorySignInAudit implements ReviewPorts.SignInAudit {
    /** One audit row as the report service would write it. */
    public record Row(String event, String actor, String address, String detail) {}

    private final List<Row> rows = new CopyOnWriteArrayList<>();

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public void clear() {
        rows.clear();
    }

    @Override
    public void signedIn(String username, String address, String factor) {
        rows.add(new Row("sign_in.succeeded", username, address, "factor=" + factor));
    }

    @Override
    public void signInFailed(String typedUsername, String address, String reason) {
        rows.add(new Row("sign_in.failed", typedUsername, address, "reason=" + reason));
    }

    @Override
    public void signInLocked(String typedUsername, String address, String scope, long seconds) {
        rows.add(
                new Row("sign_in.locked", typedUsername, address, scope + " for " + seconds + "s"));
    }

    @Override
    public void passkeyFailed(String username, String address, String reason) {
        rows.add(new Row("sign_in.passkey_failed", username, address, "reason=" + reason));
    }
}
