package com.mangaassist.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import com.mangaassist.shared.contract.TurnTimings;
import java.time.Duration;
import java.util.List;

/**
 * API Gateway's WebSocket API on 127.0.0.1, for local runs and tests (never deployed): client
 * sockets at {@code /ws?token=dev-<principal>} (in OIDC mode {@code ?token=<ID token>}: see {@link
 * GatewayAuth}), integration calls to the backend exactly as the stack configures them (with the
 * origin proof its stage maps, which the caller chooses and gives the orchestrator too), the
 * {@code @connections} management API at {@link #managementEndpoint()} (the AWS SDK's client works
 * against it unchanged), API Gateway's limits, and the chat page at {@link #chatUrl()}.
 */
public final class LocalApiGateway implements AutoCloseable {

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup();
    private final Channel server;
    private final ConnectionRegistry connections = new ConnectionRegistry();

    private final IntegrationClient integration;
    private final GatewayHealth health;

    private final GatewayAuth auth;
    private final Duration clientSilence;

    private LocalApiGateway(int port, List<URI> backends, GatewayLimits limits, Duration clientSilence, String originProof, GatewayAuth auth)
            throws InterruptedException {
        this.auth = auth;
        this.clientSilence = clientSilence;
        IntegrationClient integration = new IntegrationClient(backends, originProof);
        this.integration = integration;
        GatewayHealth health = new GatewayHealth(integration);
        this.health = health;
        ManagementApiHandler management = new ManagementApiHandler(connections, limits);
        this.server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        // Management posts are at most a message (128 KB); leave room for the envelope.
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(limits.maxMessageBytes() + 64 * 1024),
                                new HttpFrontHandler(connections, integration, management, limits, LocalApiGateway.this::pageConfig, auth, health));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    /** What {@code /health} reports besides the integration targets: each service the launcher supervises and its state ("up" when well). */
    public void reportServices(java.util.function.Supplier<java.util.Map<String, String>> services) {
        health.reportServices(services);
    }

    /**
     * @param port        0 for a free one
     * @param originProof what every integration call carries as the stage's origin proof: the value the orchestrator was given
     */
    public static LocalApiGateway start(int port, URI backend, GatewayLimits limits, String originProof) {
        return start(port, List.of(backend), limits, TurnTimings.defaults().clientSilence(), originProof);
    }

    /**
     * In front of several orchestrator tasks, spread per call as the VPC link's NLB spreads them (health-checked on
     * /ready); the chat page waits {@code clientSilence} on a silent message before sending it again.
     */
    public static LocalApiGateway start(int port, List<URI> backends, GatewayLimits limits, Duration clientSilence, String originProof) {
        return start(port, backends, limits, clientSilence, originProof, GatewayAuth.dev());
    }

    /** The same, connects authorized by {@code auth} (dev tokens, or ID tokens of an OIDC issuer) and the page told so. */
    public static LocalApiGateway start(int port, List<URI> backends, GatewayLimits limits, Duration clientSilence, String originProof,
                                        GatewayAuth auth) {
        try {
            return new LocalApiGateway(port, backends, limits, clientSilence, originProof, auth);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding", e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The ids of the sockets open now (what API Gateway's GetConnection would find), for tools and tests that post to one. */
    public java.util.Set<String> openConnections() {
        return connections.ids();
    }

    /** What an ApiGatewayManagementApiClient's endpoint override (CONNECTIONS_ENDPOINT) takes. */
    public URI managementEndpoint() {
        return URI.create("http://127.0.0.1:" + port() + HttpFrontHandler.STAGE);
    }

    public URI webSocketUri(String token) {
        return URI.create("ws://127.0.0.1:" + port() + "/ws?token=" + token);
    }

    /**
     * What the chat page reads from {@code config.json}: where to connect, how to get a token ({@code auth}: dev tokens, or
     * OIDC with the issuer and client id) and the stack's client timings.
     */
    String pageConfig() {
        com.fasterxml.jackson.databind.node.ObjectNode config = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        config.put("webSocketUrl", "ws://127.0.0.1:" + port() + "/ws");
        config.set("auth", auth.pageConfig());
        config.put("clientSilenceMs", clientSilence.toMillis());
        return config.toString();
    }

    public URI chatUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    @Override
    public void close() {
        integration.close();
        server.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
