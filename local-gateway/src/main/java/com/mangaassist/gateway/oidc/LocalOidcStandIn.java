package com.mangaassist.gateway.oidc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mangaassist.shared.wire.WireIds;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A STAND-IN for an OpenID Connect provider, for local runs and tests only (never deployed): it
 * authenticates nobody. Its login form signs in whoever types a user name, as that user; it exists
 * so the chat page's real OIDC client (authorization code with PKCE) and the gateway's real token
 * checks run end to end on one machine.
 *
 * <p>On 127.0.0.1: {@code /.well-known/openid-configuration}; {@code /authorize} (client id and
 * redirect URI checked against the one registered client before anything else, PKCE S256 required,
 * then a login form without script — or, with {@code auto_approve=1}, the fixed dev user {@value
 * #AUTO_APPROVED_USER} at once — then a redirect with a code and the state); {@code /token}
 * (authorization codes: single use, {@link Settings#codeLifetime()}, the PKCE verifier checked;
 * refresh tokens: rotated on each use); {@code /jwks} (an RSA key made at start); {@code /logout}
 * (end session: the session's refresh tokens revoked, then back to an allowed
 * {@code post_logout_redirect_uri}). ID tokens are RS256 JWTs with {@code iss}, {@code aud} (the
 * client id), {@code sub} = {@code preferred_username} = the user name, the authorize request's
 * {@code nonce}, {@code iat}, {@code exp}. Discovery, JWKS and token answer cross-origin requests
 * from the client's origins (the page fetches them from its own).
 */
public final class LocalOidcStandIn implements AutoCloseable {

    /** The one client it knows: the local chat page. */
    public static final String CLIENT_ID = "mangaassist-local-chat";
    /** Who {@code auto_approve=1} signs in: a dev principal the local stack seeds orders for. */
    public static final String AUTO_APPROVED_USER = "user";

    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern CODE_VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final int MAX_PARAMETER_CHARS = 4096;
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

    /**
     * @param port              0 for a free one
     * @param redirectPrefixes  where {@code redirect_uri} and {@code post_logout_redirect_uri} may point: each an
     *                          {@code http(s)://host:port/...} prefix ending in a slash; their origins are the ones
     *                          answered cross-origin
     * @param idTokenLifetime   how long an ID token (and its access token) lasts
     * @param codeLifetime      how long an authorization code may wait for its exchange
     * @param refreshLifetime   how long a refresh token lasts unused
     * @param clock             what {@code iat}, {@code exp} and every expiry are read from (tests move it)
     */
    public record Settings(int port, String clientId, List<String> redirectPrefixes, Duration idTokenLifetime, Duration codeLifetime,
                           Duration refreshLifetime, Clock clock) {

        public Settings {
            Objects.requireNonNull(clientId);
            redirectPrefixes = List.copyOf(redirectPrefixes);
            for (String prefix : redirectPrefixes) {
                URI uri = URI.create(prefix);
                if (!prefix.endsWith("/") || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    throw new IllegalArgumentException("a redirect prefix is http(s)://host[:port]/… ending in /: " + prefix);
                }
            }
            Objects.requireNonNull(clock);
        }

        /**
         * For the chat page served on {@code chatPort} (reached as 127.0.0.1 or localhost): ID tokens for 5 minutes, codes for
         * 60 s, refresh tokens for 8 hours; the stand-in's own port chosen freely.
         */
        public static Settings forChatPage(int chatPort) {
            return new Settings(0, CLIENT_ID, List.of("http://127.0.0.1:" + chatPort + "/", "http://localhost:" + chatPort + "/"),
                    Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofHours(8), Clock.systemUTC());
        }

        public Settings withPort(int value) {
            return new Settings(value, clientId, redirectPrefixes, idTokenLifetime, codeLifetime, refreshLifetime, clock);
        }

        public Settings withIdTokenLifetime(Duration value) {
            return new Settings(port, clientId, redirectPrefixes, value, codeLifetime, refreshLifetime, clock);
        }

        public Settings withClock(Clock value) {
            return new Settings(port, clientId, redirectPrefixes, idTokenLifetime, codeLifetime, refreshLifetime, value);
        }
    }

    /** What an authorization code or a refresh token stands for. */
    private record Grant(String user, String sessionId, String redirectUri, String codeChallenge, String nonce, String scope,
                         Instant authTime, Instant expiresAt) {
    }

    /** An authorize request whose client and redirect URI were checked. */
    private record AuthorizeRequest(String redirectUri, String state, String nonce, String codeChallenge, String scope,
                                    Map<String, String> echoed) {
    }

    private final Settings settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final KeyPair keys;
    private final String keyId;
    private final String issuer;
    private final Set<String> clientOrigins;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger signOuts = new AtomicInteger();

    private LocalOidcStandIn(Settings settings) throws IOException, GeneralSecurityException {
        this.settings = settings;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        this.keyId = RsaJwk.thumbprint((RSAPublicKey) keys.getPublic());
        this.clientOrigins = Set.copyOf(settings.redirectPrefixes().stream().map(LocalOidcStandIn::originOf).toList());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.port()), 0);
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", exchange -> handle(exchange));
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "oidc-stand-in");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    public static LocalOidcStandIn start(Settings settings) {
        try {
            return new LocalOidcStandIn(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("the OIDC stand-in cannot bind port " + settings.port(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no RSA key generator", e);
        }
    }

    /** What ID tokens carry as {@code iss} and discovery is found under: {@code http://127.0.0.1:<port>}. */
    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return settings.clientId();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many sessions {@code /logout} has ended. */
    public int signOuts() {
        return signOuts.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/.well-known/openid-configuration" -> crossOrigin(exchange, method, "GET", () -> json(exchange, 200, discovery()));
                case "/jwks" -> crossOrigin(exchange, method, "GET", () -> json(exchange, 200, jwks()));
                case "/token" -> crossOrigin(exchange, method, "POST", () -> token(exchange));
                case "/authorize" -> {
                    if (method.equals("GET")) {
                        authorize(exchange, Params.of(exchange.getRequestURI().getRawQuery()), true);
                    } else if (method.equals("POST")) {
                        Params form = formBody(exchange);
                        if (form != null) {
                            authorize(exchange, form, false);
                        } else {
                            page(exchange, 400, "Bad request", "<p>The sign-in form was not sent as a form.</p>");
                        }
                    } else {
                        exchange.sendResponseHeaders(405, -1);
                    }
                }
                case "/logout" -> logout(exchange, method.equals("POST") ? formBody(exchange) : Params.of(exchange.getRequestURI().getRawQuery()));
                default -> json(exchange, 404, Jwt.JSON.createObjectNode().put("error", "not_found"));
            }
        } catch (RuntimeException e) {
            // A stand-in answers every request it can; a bug shows as a 500 with its message rather than a dropped connection.
            if (exchange.getResponseCode() == -1) {
                json(exchange, 500, Jwt.JSON.createObjectNode().put("error", "server_error").put("error_description", String.valueOf(e.getMessage())));
            }
        } finally {
            exchange.close();
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws IOException;
    }

    /** Answers a preflight, or runs {@code action} with the CORS headers for an allowed origin. */
    private void crossOrigin(HttpExchange exchange, String method, String allowed, Action action) throws IOException {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        exchange.getResponseHeaders().add("Vary", "Origin");
        if (origin != null && clientOrigins.contains(origin)) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        }
        if (method.equals("OPTIONS")) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Methods", allowed + ", OPTIONS");
            exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
            exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
            exchange.sendResponseHeaders(204, -1);
        } else if (method.equals(allowed)) {
            action.run();
        } else {
            exchange.getResponseHeaders().set("Allow", allowed + ", OPTIONS");
            json(exchange, 405, Jwt.JSON.createObjectNode().put("error", "invalid_request").put("error_description", "use " + allowed));
        }
    }

    private ObjectNode discovery() {
        ObjectNode document = Jwt.JSON.createObjectNode();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("end_session_endpoint", issuer + "/logout");
        document.set("response_types_supported", strings("code"));
        document.set("response_modes_supported", strings("query"));
        document.set("grant_types_supported", strings("authorization_code", "refresh_token"));
        document.set("subject_types_supported", strings("public"));
        document.set("id_token_signing_alg_values_supported", strings(Jwt.RS256));
        document.set("scopes_supported", strings("openid", "profile", "offline_access"));
        document.set("token_endpoint_auth_methods_supported", strings("none"));
        document.set("code_challenge_methods_supported", strings("S256"));
        document.set("claims_supported", strings("iss", "sub", "aud", "azp", "exp", "iat", "auth_time", "nonce", "sid", "preferred_username"));
        return document;
    }

    private ObjectNode jwks() {
        ObjectNode jwks = Jwt.JSON.createObjectNode();
        jwks.putArray("keys").add(RsaJwk.of((RSAPublicKey) keys.getPublic()));
        return jwks;
    }

    // ---- /authorize ----

    private void authorize(HttpExchange exchange, Params params, boolean fromGet) throws IOException {
        AuthorizeRequest request = authorizeRequest(exchange, params);
        if (request == null) {
            return;
        }
        if (fromGet) {
            if ("none".equals(params.one("prompt"))) {
                // No login session is kept: asking to sign in without a form can never succeed.
                redirectError(exchange, request.redirectUri(), request.state(), "login_required", "the stand-in keeps no login session");
            } else if ("1".equals(params.one("auto_approve")) || "true".equals(params.one("auto_approve"))) {
                approve(exchange, request, AUTO_APPROVED_USER);
            } else {
                loginForm(exchange, request, 200, null, params.one("login_hint"));
            }
            return;
        }
        String user = params.one("username");
        if (user == null || user.isBlank() || user.length() > 128 || !WireIds.isValidPrincipal(user.strip())) {
            loginForm(exchange, request, 400, "Type a user name (up to 128 characters, no control characters).", null);
            return;
        }
        approve(exchange, request, user.strip());
    }

    /** The request when it can be answered at its redirect URI; otherwise answers it with an error page and returns null. */
    private AuthorizeRequest authorizeRequest(HttpExchange exchange, Params params) throws IOException {
        // Until client and redirect URI are known good, an error is shown here: never sent to an unchecked address.
        if (params.duplicated() || params.tooLong()) {
            page(exchange, 400, "Bad request", "<p>A parameter is repeated or too long.</p>");
            return null;
        }
        if (!settings.clientId().equals(params.one("client_id"))) {
            page(exchange, 400, "Unknown client", "<p>This stand-in knows one client: <code>" + html(settings.clientId()) + "</code>.</p>");
            return null;
        }
        String redirectUri = params.one("redirect_uri");
        if (!allowedRedirect(redirectUri)) {
            page(exchange, 400, "Redirect URI not allowed",
                    "<p>The redirect URI must start with one of: <code>" + html(String.join(", ", settings.redirectPrefixes())) + "</code>.</p>");
            return null;
        }
        String state = params.one("state");
        if (!"code".equals(params.one("response_type"))) {
            redirectError(exchange, redirectUri, state, "unsupported_response_type", "only the authorization code flow");
            return null;
        }
        String scope = params.one("scope");
        if (scope == null || !List.of(scope.split(" ")).contains("openid")) {
            redirectError(exchange, redirectUri, state, "invalid_scope", "scope must hold openid");
            return null;
        }
        String challenge = params.one("code_challenge");
        if (!"S256".equals(params.one("code_challenge_method")) || challenge == null || !CODE_CHALLENGE.matcher(challenge).matches()) {
            redirectError(exchange, redirectUri, state, "invalid_request", "PKCE with code_challenge_method=S256 is required");
            return null;
        }
        Map<String, String> echoed = new LinkedHashMap<>();
        for (String name : List.of("client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method")) {
            if (params.one(name) != null) {
                echoed.put(name, params.one(name));
            }
        }
        return new AuthorizeRequest(redirectUri, state, params.one("nonce"), challenge, scope, echoed);
    }

    private void approve(HttpExchange exchange, AuthorizeRequest request, String user) throws IOException {
        Instant now = settings.clock().instant();
        codes.values().removeIf(grant -> grant.expiresAt().isBefore(now));
        String code = randomToken();
        codes.put(code, new Grant(user, randomToken(), request.redirectUri(), request.codeChallenge(), request.nonce(), request.scope(), now,
                now.plus(settings.codeLifetime())));
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("code", code);
        answer.put("state", request.state());
        redirect(exchange, request.redirectUri(), answer);
    }

    private void loginForm(HttpExchange exchange, AuthorizeRequest request, int status, String error, String hint) throws IOException {
        StringBuilder hidden = new StringBuilder();
        request.echoed().forEach((name, value) -> hidden.append("<input type=\"hidden\" name=\"").append(html(name)).append("\" value=\"")
                .append(html(value)).append("\">\n"));
        String body = "<p class=\"note\">Local OIDC <strong>stand-in</strong>: it authenticates nobody. Any user name signs in as that user"
                + " (the local stack seeds orders for <code>user</code>, <code>alice</code> and <code>bob</code>).</p>\n"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + html(error) + "</p>\n")
                + "<form method=\"post\" action=\"/authorize\">\n" + hidden
                + "<label>User name <input id=\"username\" name=\"username\" autocomplete=\"username\" required maxlength=\"128\" autofocus value=\""
                + html(hint == null ? "" : hint) + "\"></label>\n"
                + "<button id=\"sign-in\" type=\"submit\">Sign in</button>\n</form>";
        page(exchange, status, "Sign in to MangaAssist (local stand-in)", body);
    }

    // ---- /token ----

    private void token(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        Params form = formBody(exchange);
        if (form == null || form.duplicated() || form.tooLong()) {
            tokenError(exchange, 400, "invalid_request", "a form body with each parameter once");
            return;
        }
        if (!settings.clientId().equals(form.one("client_id"))) {
            tokenError(exchange, 401, "invalid_client", "unknown client_id");
            return;
        }
        String grantType = form.one("grant_type");
        if ("authorization_code".equals(grantType)) {
            String code = form.one("code");
            // Removed on first presentation, whatever follows: a code is never good twice.
            Grant grant = code == null ? null : codes.remove(code);
            Instant now = settings.clock().instant();
            if (grant == null || !now.isBefore(grant.expiresAt())) {
                tokenError(exchange, 400, "invalid_grant", "unknown, used or expired code");
            } else if (!grant.redirectUri().equals(form.one("redirect_uri"))) {
                tokenError(exchange, 400, "invalid_grant", "redirect_uri differs from the authorize request's");
            } else if (!pkceHolds(form.one("code_verifier"), grant.codeChallenge())) {
                tokenError(exchange, 400, "invalid_grant", "code_verifier does not match the code_challenge");
            } else {
                json(exchange, 200, tokens(grant, true));
            }
        } else if ("refresh_token".equals(grantType)) {
            String presented = form.one("refresh_token");
            Grant grant = presented == null ? null : refreshTokens.remove(presented);
            if (grant == null || !settings.clock().instant().isBefore(grant.expiresAt())) {
                tokenError(exchange, 400, "invalid_grant", "unknown, used, revoked or expired refresh token");
            } else {
                json(exchange, 200, tokens(grant, false));
            }
        } else {
            tokenError(exchange, 400, "unsupported_grant_type", "authorization_code or refresh_token");
        }
    }

    private static boolean pkceHolds(String verifier, String challenge) {
        if (verifier == null || !CODE_VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return MessageDigest.isEqual(Jwt.base64Url(digest).getBytes(StandardCharsets.US_ASCII), challenge.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param withNonce an ID token answering an authorize request carries its nonce; a refreshed one carries none */
    private ObjectNode tokens(Grant grant, boolean withNonce) {
        Instant now = settings.clock().instant();
        refreshTokens.values().removeIf(old -> !now.isBefore(old.expiresAt()));
        String refreshToken = randomToken();
        refreshTokens.put(refreshToken, new Grant(grant.user(), grant.sessionId(), grant.redirectUri(), null, null, grant.scope(), grant.authTime(),
                now.plus(settings.refreshLifetime())));
        ObjectNode answer = Jwt.JSON.createObjectNode();
        // Accepted nowhere: the platform authorizes with the ID token; a token endpoint answer just always has one.
        answer.put("access_token", randomToken());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", settings.idTokenLifetime().toSeconds());
        answer.put("id_token", idToken(grant, withNonce ? grant.nonce() : null, now));
        answer.put("refresh_token", refreshToken);
        answer.put("scope", grant.scope());
        return answer;
    }

    private String idToken(Grant grant, String nonce, Instant now) {
        ObjectNode header = Jwt.JSON.createObjectNode().put("alg", Jwt.RS256).put("typ", "JWT").put("kid", keyId);
        ObjectNode claims = Jwt.JSON.createObjectNode();
        claims.put("iss", issuer);
        claims.put("sub", grant.user());
        claims.put("aud", settings.clientId());
        claims.put("azp", settings.clientId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(settings.idTokenLifetime()).getEpochSecond());
        claims.put("auth_time", grant.authTime().getEpochSecond());
        if (nonce != null) {
            claims.put("nonce", nonce);
        }
        claims.put("sid", grant.sessionId());
        claims.put("preferred_username", grant.user());
        return Jwt.sign(header, claims, keys.getPrivate());
    }

    private static void tokenError(HttpExchange exchange, int status, String error, String description) throws IOException {
        json(exchange, status, Jwt.JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    // ---- /logout ----

    private void logout(HttpExchange exchange, Params params) throws IOException {
        if (params == null || params.duplicated() || params.tooLong()) {
            page(exchange, 400, "Bad request", "<p>A parameter is repeated or too long.</p>");
            return;
        }
        String clientId = params.one("client_id");
        if (clientId != null && !settings.clientId().equals(clientId)) {
            page(exchange, 400, "Unknown client", "<p>This stand-in knows one client: <code>" + html(settings.clientId()) + "</code>.</p>");
            return;
        }
        String back = params.one("post_logout_redirect_uri");
        if (back != null && !allowedRedirect(back)) {
            page(exchange, 400, "Redirect URI not allowed", "<p>The post-logout redirect URI must start with one of: <code>"
                    + html(String.join(", ", settings.redirectPrefixes())) + "</code>.</p>");
            return;
        }
        String session = sessionOf(params.one("id_token_hint"));
        if (session != null) {
            refreshTokens.values().removeIf(grant -> grant.sessionId().equals(session));
        }
        signOuts.incrementAndGet();
        if (back == null) {
            page(exchange, 200, "Signed out", "<p>You are signed out of the local stand-in.</p>");
            return;
        }
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("state", params.one("state"));
        redirect(exchange, back, answer);
    }

    /** The session an ID token of ours names (expired or not: a hint is usually an old token); null for anything else. */
    private String sessionOf(String idTokenHint) {
        if (idTokenHint == null) {
            return null;
        }
        try {
            Jwt.Parsed parsed = Jwt.parse(idTokenHint);
            if (!Jwt.RS256.equals(parsed.header().path("alg").textValue()) || !Jwt.signatureValid(parsed, keys.getPublic())
                    || !issuer.equals(parsed.claims().path("iss").textValue())) {
                return null;
            }
            return parsed.claims().path("sid").textValue();
        } catch (InvalidTokenException e) {
            return null;
        }
    }

    // ---- helpers ----

    private boolean allowedRedirect(String uri) {
        if (uri == null || uri.length() > MAX_PARAMETER_CHARS) {
            return false;
        }
        try {
            URI parsed = new URI(uri);
            // No fragment (RFC 6749 3.1.2) and no user info; the prefix's trailing slash pins the whole origin.
            return parsed.getRawFragment() == null && parsed.getRawUserInfo() == null
                    && settings.redirectPrefixes().stream().anyMatch(uri::startsWith);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String originOf(String prefix) {
        URI uri = URI.create(prefix);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Jwt.base64Url(bytes);
    }

    private static ArrayNode strings(String... values) {
        ArrayNode array = Jwt.JSON.createArrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    /** Redirects to {@code target} with {@code parameters} (null values left out) added to its query. */
    private static void redirect(HttpExchange exchange, String target, Map<String, String> parameters) throws IOException {
        StringBuilder location = new StringBuilder(target);
        char separator = target.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() != null) {
                location.append(separator).append(parameter.getKey()).append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
                separator = '&';
            }
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.sendResponseHeaders(302, -1);
    }

    private static void redirectError(HttpExchange exchange, String redirectUri, String state, String error, String description) throws IOException {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("error", error);
        answer.put("error_description", description);
        answer.put("state", state);
        redirect(exchange, redirectUri, answer);
    }

    private static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Jwt.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void page(HttpExchange exchange, int status, String title, String body) throws IOException {
        String html = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}.note{color:#555}.error{color:#b00}"
                + "label{display:block;margin:1rem 0}input{margin-left:.5rem}</style>\n</head>\n<body>\n<h1>" + html(title) + "</h1>\n"
                + body + "\n</body>\n</html>\n";
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String html(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** The request's form body; null when it is not a form or too large. */
    private static Params formBody(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(FORM)) {
            return null;
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : Params.of(new String(body, StandardCharsets.US_ASCII));
        }
    }

    /** Query or form parameters; a repeated one is remembered, since OAuth refuses a request that repeats one. */
    private record Params(Map<String, String> values, boolean duplicated, boolean tooLong) {

        static Params of(String raw) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean duplicated = false;
            boolean tooLong = false;
            if (raw != null && !raw.isEmpty()) {
                for (String pair : raw.split("&")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                    String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                    tooLong |= value.length() > MAX_PARAMETER_CHARS;
                    duplicated |= values.put(name, value) != null;
                }
            }
            return new Params(values, duplicated, tooLong);
        }

        /** The value, or null when absent or empty (OAuth treats an empty parameter as absent). */
        String one(String name) {
            String value = values.get(name);
            return value == null || value.isEmpty() ? null : value;
        }

        private static String decode(String text) {
            try {
                return URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
    }
}
