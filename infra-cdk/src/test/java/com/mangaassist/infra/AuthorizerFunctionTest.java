package com.mangaassist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the $connect authorizer's own tests (node:test, a key pair made in the test) so they run with
 * the Maven build. Node is required anyway: CDK synth runs on it.
 */
class AuthorizerFunctionTest {

    @Test
    void authorizerTokenChecks_passUnderNodeTest() throws Exception {
        Process node = new ProcessBuilder("node", "--test", "authorizer/").redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = node.waitFor(60, TimeUnit.SECONDS);

        assertThat(finished).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        assertThat(output).contains("# pass 6", "# fail 0");
    }
}
