package dev.franking;

/**
 * What the sender makes and the recipient keeps (PROTOCOL.md §1, §4): the content, its franking key
 * and the commitment. Holding an opening is what lets a recipient report the message.
 */
public record Opening(MessageContent content, FrankingKey frankingKey, Commitment commitment) {
    public Opening {
        if (content == null || frankingKey == null || commitment == null) {
            throw new IllegalArgumentException(
                    "opening: content, franking key and commitment are required");
        }
    }

    /**
     * Sender side of PROTOCOL.md §1: a fresh franking key from {@code random}, and the commitment.
     */
    public static Opening commit(MessageContent content, java.security.SecureRandom random) {
        FrankingKey key = FrankingKey.generate(random);
        return new Opening(content, key, Commitment.compute(key, content));
    }

    /**
     * Recomputes the commitment from the content and franking key and compares it with {@link
     * #commitment()} in constant time.
     *
     * @throws FrankingException {@link FailureCode#BAD_COMMITMENT} on mismatch
     */
    public void verify() throws FrankingException {
        if (!Commitment.compute(frankingKey, content).equals(commitment)) {
            throw new FrankingException(
                    FailureCode.BAD_COMMITMENT, "commitment does not match the content");
        }
    }

    @Override
    public String toString() {
        return "Opening[" + content + ", " + frankingKey + ", " + commitment + "]";
    }
}
