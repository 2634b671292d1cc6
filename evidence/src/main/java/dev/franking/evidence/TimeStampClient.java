package dev.franking.evidence;

import java.io.IOException;

/**
 * An RFC 3161 time-stamping authority, as the signer sees it: a DER {@code TimeStampReq} in, the
 * DER {@code TimeStampResp} out. The signer builds the request and checks the answer (status,
 * nonce, imprint, the TSA's certificate), so an implementation only carries bytes: {@link
 * HttpTimeStampClient} over HTTP (RFC 3161 §3.4), {@link LocalTimeStampAuthority} in-process.
 */
@FunctionalInterface
public interface TimeStampClient {
    /**
     * @param timeStampQuery a DER-encoded TimeStampReq
     * @return the DER-encoded TimeStampResp
     * @throws IOException when the authority cannot be reached or does not answer
     */
    byte[] respond(byte[] timeStampQuery) throws IOException;
}
