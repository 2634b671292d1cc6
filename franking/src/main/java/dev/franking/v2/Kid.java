package dev.franking.v2;

/** A stamp key identifier: 1..32 characters of {@code [A-Za-z0-9._-]} (PROTOCOL.md §0). Public. */
public record Kid(String value) {
    public Kid {
        if (!Ids.isKid(value)) {
            throw new LimitException(
                    FailureCode.INVALID_KID,
                    "kid must be 1.." + Limits.MAX_KID_CHARS + " characters of [A-Za-z0-9._-]");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
