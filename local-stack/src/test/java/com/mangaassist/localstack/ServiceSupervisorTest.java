package com.mangaassist.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangaassist.localaws.process.ServiceProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The supervisor over real processes: a JVM that exits at once is reported with its exit code and replaced, backed off. */
class ServiceSupervisorTest {

    /** A service that dies as soon as it starts. */
    public static final class DiesAtOnce {
        public static void main(String[] args) {
            System.exit(3);
        }
    }

    /** A service that stays up. */
    public static final class StaysUp {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        }
    }

    @Test
    void sweep_whenAServiceExits_reportsItAndReplacesIt() {
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicReference<ServiceProcess> current = new AtomicReference<>(start("dies", DiesAtOnce.class));
        AtomicInteger replacements = new AtomicInteger();
        try (ServiceSupervisor supervisor = new ServiceSupervisor(lines::add, Clock.systemUTC())) {
            supervisor.watch("worker", current::get, dead -> {
                replacements.incrementAndGet();
                current.set(start("stays-up", StaysUp.class));
                return current.get();
            });
            supervisor.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> replacements.get() == 1 && "up".equals(supervisor.health().get("worker")));

            assertThat(lines).anySatisfy(line -> assertThat(line).contains("worker", "exited with code 3", "replacing it in 1 s"));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("worker replaced by stays-up"));
            assertThat(current.get().alive()).isTrue();
        } finally {
            current.get().close();
        }
    }

    @Test
    void backoff_doublesWhileAServiceKeepsDyingUpToThirtySeconds() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20).stream().map(ServiceSupervisor::backoff).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    private static ServiceProcess start(String name, Class<?> main) {
        String classpath = Path.of("target/test-classes").toAbsolutePath().toString();
        return ServiceProcess.startOnClasspath(name, classpath, main.getName(), List.of(), Map.of());
    }
}
