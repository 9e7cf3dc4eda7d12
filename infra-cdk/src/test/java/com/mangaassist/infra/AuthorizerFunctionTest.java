package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the $connect authorizer's own tests (node:test: token checks with key pairs made in the test,
 * OIDC discovery and the bounded JWKS refetch against an issuer served on 127.0.0.1) so they run
 * with the Maven build. Node is required anyway: CDK synth runs on it.
 */
class AuthorizerFunctionTest {

    @Test
    void authorizerTests_whenRunUnderNodeTest_allPass() throws Exception {
        Process node = new ProcessBuilder("node", "--test", "authorizer/").redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = node.waitFor(60, TimeUnit.SECONDS);

        assertThat(finished).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("# pass 13", "# fail 0");
    }
}
