package com.mangaassist.releasecontract;

import com.mangaassist.releasecontract.signing.Dsse;
import java.security.PublicKey;
import java.util.function.UnaryOperator;

/**
 * A promoted release manifest: the manifest's bytes in a DSSE envelope signed by the release key.
 * {@code release promote} and {@code release rollback} write it; the CDK app deploys only a
 * manifest in this form whose signature the trusted release key verifies, so a manifest that
 * never passed the promotion gate, or was edited after it, never becomes a template.
 */
public final class SignedReleaseManifest {

    public static final String PAYLOAD_TYPE = "application/vnd.mangaassist.release-manifest.v1+json";

    private SignedReleaseManifest() {
    }

    public static byte[] sign(ReleaseManifest manifest, UnaryOperator<byte[]> signer) {
        return Dsse.envelope(PAYLOAD_TYPE, new ReleaseManifestCodec().encode(manifest), signer);
    }

    /** What reading a file as a signed manifest found. */
    public sealed interface Read permits Verified, Unsigned, NotVerified {
    }

    /** Signed by the trusted key; {@code manifestBytes} still has to decode. */
    public record Verified(byte[] manifestBytes) implements Read {
    }

    /** A plain manifest (what {@code release build} writes), or anything that is not an envelope. */
    public record Unsigned() implements Read {
    }

    /** An envelope, but not of a release manifest or not signed by the trusted key (edited, or another key). */
    public record NotVerified() implements Read {
    }

    public static Read read(byte[] bytes, PublicKey trusted) {
        if (!Dsse.isEnvelope(bytes)) {
            return new Unsigned();
        }
        byte[] payload = Dsse.verifiedPayload(bytes, PAYLOAD_TYPE, trusted);
        return payload == null ? new NotVerified() : new Verified(payload);
    }
}
