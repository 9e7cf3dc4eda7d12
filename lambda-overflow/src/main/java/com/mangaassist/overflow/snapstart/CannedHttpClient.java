package com.mangaassist.overflow.snapstart;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never leaves the process: every request is answered 200 with a canned body
 * chosen by its JSON-protocol target ({@code X-Amz-Target}), or an empty object; a request in
 * CBOR (Kinesis in AWS) gets an empty CBOR map, which reads as a success with nothing to report. Priming runs the
 * SDK's whole request path through it (marshalling, endpoint rules, signing, response handling)
 * so that path is loaded and compiled before the snapshot, while no AWS service sees a call.
 */
final class CannedHttpClient implements SdkHttpClient {

    private final Map<String, String> bodiesByTarget;
    private final AtomicInteger requests = new AtomicInteger();

    /** @param bodiesByTarget response bodies by the suffix of the request's {@code X-Amz-Target} (its operation) */
    CannedHttpClient(Map<String, String> bodiesByTarget) {
        this.bodiesByTarget = Map.copyOf(bodiesByTarget);
    }

    /** How many requests it answered: priming checks every step reached the HTTP layer. */
    int requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String operation = target.substring(target.lastIndexOf('.') + 1);
        boolean cbor = request.httpRequest().firstMatchingHeader("Content-Type").orElse("").contains("cbor");
        byte[] body = cbor ? new byte[] {(byte) 0xA0} : bodiesByTarget.getOrDefault(operation, "{}").getBytes(StandardCharsets.UTF_8);
        String contentType = cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.0";
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                requests.incrementAndGet();
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", contentType)
                                .putHeader("Content-Length", Integer.toString(body.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
            }

            @Override
            public void abort() {
                // nothing in flight: the answer is already in memory
            }
        };
    }

    @Override
    public String clientName() {
        return "canned";
    }

    @Override
    public void close() {
        // no connections
    }
}
