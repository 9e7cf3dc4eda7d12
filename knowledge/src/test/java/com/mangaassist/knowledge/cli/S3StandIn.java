package com.mangaassist.knowledge.cli;

import com.mangaassist.localaws.http.LoopbackHttpServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.CRC32;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * As much of S3's REST API as {@code knowledge ingest --data s3://…} uses, on 127.0.0.1, path
 * style: ListObjectsV2 (pages of {@link #pageSize}, continuation tokens, {@code encoding-type=url})
 * and GetObject ({@code If-Match}, a CRC32 checksum under {@code x-amz-checksum-mode: ENABLED}, as
 * S3 answers for an object uploaded with one), with S3's XML error bodies. Faults a real bucket can
 * show: a listing cut short, an object gone or replaced between listing and fetch, a body that does
 * not match its checksum. No project module emulates S3 (local-aws's {@code LocalBuckets} is a
 * directory seen by the Signer stand-in, with no S3 API), and DynamoDB Local is not S3.
 */
final class S3StandIn implements AutoCloseable {

    static final String BUCKET = "mangaassist-dev-artifacts-123456789012";

    private final HttpServer server;
    private final NavigableMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final Map<String, byte[]> replacedOnGet = new ConcurrentHashMap<>();
    private final Set<String> goneOnGet = ConcurrentHashMap.newKeySet();
    private final Set<String> corruptOnGet = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int pageSize = 1000;
    private volatile boolean truncatedWithoutToken;
    private volatile boolean crc64nvme;

    private S3StandIn() throws IOException {
        server = LoopbackHttpServer.create(0, 16);
        server.createContext("/", this::handle);
        server.start();
    }

    static S3StandIn start() {
        try {
            return new S3StandIn();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * A client of this stand-in as the CLI builds one (the Apache HTTP client), with test
     * credentials; path style without asking, as the SDK's endpoint rules choose for an IP address.
     */
    S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    S3StandIn put(String key, byte[] content) {
        objects.put(key, content);
        return this;
    }

    S3StandIn pageSize(int keys) {
        this.pageSize = keys;
        return this;
    }

    /** The first listing page says it is truncated but gives no token to continue with. */
    S3StandIn truncatedWithoutToken() {
        this.truncatedWithoutToken = true;
        return this;
    }

    /** Objects carry CRC64NVME checksums (S3's default for uploads that name none, e.g. the console's) instead of CRC32. */
    S3StandIn crc64nvmeChecksums() {
        this.crc64nvme = true;
        return this;
    }

    /** Listed, then deleted before it is fetched. */
    S3StandIn goneOnGet(String key) {
        goneOnGet.add(key);
        return this;
    }

    /** Listed, then overwritten with {@code content} before it is fetched. */
    S3StandIn replacedOnGet(String key, byte[] content) {
        replacedOnGet.put(key, content);
        return this;
    }

    /** Served with one byte flipped, under the original's ETag and checksum. */
    S3StandIn corruptOnGet(String key) {
        corruptOnGet.add(key);
        return this;
    }

    /** {@code METHOD path?query} of every request, in order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(exchange.getRequestMethod() + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            String path = uri.getRawPath();
            int slash = path.indexOf('/', 1);
            String bucket = decode(slash < 0 ? path.substring(1) : path.substring(1, slash));
            String key = slash < 0 ? "" : decode(path.substring(slash + 1));
            if (!bucket.equals(BUCKET)) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
            } else if (!exchange.getRequestMethod().equals("GET")) {
                error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            } else if (key.isEmpty()) {
                list(exchange, query(uri.getRawQuery()));
            } else {
                get(exchange, key);
            }
        }
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!"2".equals(query.get("list-type"))) {
            error(exchange, 400, "InvalidArgument", "only ListObjectsV2 here");
            return;
        }
        String prefix = query.getOrDefault("prefix", "");
        String token = query.get("continuation-token");
        boolean urlEncoded = "url".equals(query.get("encoding-type"));
        List<String> keys = new ArrayList<>();
        for (String key : (token == null ? objects : objects.tailMap(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8), false))
                .keySet()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        boolean truncated = keys.size() > pageSize;
        List<String> page = keys.subList(0, Math.min(pageSize, keys.size()));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append("<Name>").append(BUCKET).append("</Name><Prefix>").append(text(prefix, urlEncoded)).append("</Prefix>")
                .append("<KeyCount>").append(page.size()).append("</KeyCount><MaxKeys>").append(pageSize).append("</MaxKeys>");
        if (urlEncoded) {
            xml.append("<EncodingType>url</EncodingType>");
        }
        xml.append("<IsTruncated>").append(truncated || (truncatedWithoutToken && token == null)).append("</IsTruncated>");
        if (token != null) {
            xml.append("<ContinuationToken>").append(token).append("</ContinuationToken>");
        }
        if (truncated && !truncatedWithoutToken) {
            xml.append("<NextContinuationToken>").append(Base64.getUrlEncoder().encodeToString(page.get(page.size() - 1).getBytes(StandardCharsets.UTF_8)))
                    .append("</NextContinuationToken>");
        }
        for (String key : page) {
            xml.append("<Contents><Key>").append(text(key, urlEncoded)).append("</Key><LastModified>2026-12-07T03:00:00.000Z</LastModified>")
                    .append("<ETag>&quot;").append(etag(objects.get(key))).append("&quot;</ETag><Size>").append(objects.get(key).length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        send(exchange, 200, "application/xml", xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private void get(HttpExchange exchange, String key) throws IOException {
        byte[] content = replacedOnGet.getOrDefault(key, objects.get(key));
        if (content == null || goneOnGet.contains(key)) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        String etag = "\"" + etag(content) + "\"";
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        if (ifMatch != null && !ifMatch.equals(etag)) {
            error(exchange, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
            return;
        }
        Map<String, String> headers = new HashMap<>(Map.of("ETag", etag, "Last-Modified", "Mon, 07 Dec 2026 03:00:00 GMT"));
        if ("ENABLED".equals(exchange.getRequestHeaders().getFirst("x-amz-checksum-mode"))) {
            if (crc64nvme) {
                headers.put("x-amz-checksum-crc64nvme", crc64nvme(content));
            } else {
                headers.put("x-amz-checksum-crc32", crc32(content));
            }
            headers.put("x-amz-checksum-type", "FULL_OBJECT");
        }
        byte[] body = content;
        if (corruptOnGet.contains(key)) {
            body = content.clone();
            body[body.length / 2] ^= 0x20;
        }
        send(exchange, 200, "application/octet-stream", body, headers);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, "application/xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>standin</RequestId></Error>").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amz-request-id", "standin");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A key or prefix as S3 writes it into XML: URL-encoded when asked, XML-escaped always. */
    private static String text(String s, boolean urlEncoded) {
        String value = urlEncoded ? URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/") : s;
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String etag(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String crc32(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        long value = crc.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** CRC-64/NVME: reflected polynomial 0xAD93D23594C93659, all-ones init and xorout ("123456789" gives 0xAE8B14860A799888). */
    static long crc64nvmeOf(byte[] content) {
        long crc = -1L;
        for (byte b : content) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9A6C9329AC4BC9B5L : crc >>> 1;
            }
        }
        return ~crc;
    }

    private static String crc64nvme(byte[] content) {
        return Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(8).putLong(crc64nvmeOf(content)).array());
    }
}
