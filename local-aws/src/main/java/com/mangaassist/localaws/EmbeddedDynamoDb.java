package com.mangaassist.localaws;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local inside the test JVM: the real DynamoDB API with conditional writes, transactions
 * and queries. {@link #start()} gives an in-process client (no port, ~0.2 s);
 * {@link #startServer()} also serves the HTTP API on 127.0.0.1 for other processes and for
 * services configured with an endpoint (DynamoDB Local's own server binds every interface, so
 * this one mounts its handler on a loopback-only Jetty connector).
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;
    private final Server http;

    private EmbeddedDynamoDb(AmazonDynamoDBLocal local, DynamoDbClient client, Server http) {
        this.local = local;
        this.client = client;
        this.http = http;
    }

    public static EmbeddedDynamoDb start() {
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create(true);
        return new EmbeddedDynamoDb(local, local.dynamoDbClient(), null);
    }

    /** An in-memory DynamoDB Local on a free 127.0.0.1 port; {@link #client()} talks to it over HTTP. */
    public static EmbeddedDynamoDb startServer() {
        try {
            LocalDynamoDBServerHandler handler = new LocalDynamoDBServerHandler(new LocalDynamoDBRequestHandler(0, true, null, true, false), null);
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            // Jetty's 30 s default closes pooled client connections under the SDK's feet mid-suite.
            connector.setIdleTimeout(java.time.Duration.ofMinutes(10).toMillis());
            server.addConnector(connector);
            server.setHandler(new DynamoDBProxyServer(0, handler).setUpHandler(handler));
            server.start();
            URI endpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            DynamoDbClient client = LocalAwsClients.local(DynamoDbClient.builder(), endpoint).httpClient(UrlConnectionHttpClient.create()).build();
            return new EmbeddedDynamoDb(null, client, server);
        } catch (Exception e) {
            throw new IllegalStateException("could not start DynamoDB Local's HTTP API", e);
        }
    }

    /** The HTTP endpoint; only for instances from {@link #startServer()}. */
    public URI endpoint() {
        if (http == null) {
            throw new IllegalStateException("started in-process only; use startServer() for an endpoint");
        }
        return URI.create("http://127.0.0.1:" + ((ServerConnector) http.getConnectors()[0]).getLocalPort());
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        if (local != null) {
            local.shutdownNow();
        }
        if (http != null) {
            try {
                http.stop();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop DynamoDB Local", e);
            }
        }
    }
}
