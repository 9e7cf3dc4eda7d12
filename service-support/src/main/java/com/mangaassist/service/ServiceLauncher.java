package com.mangaassist.service;

import com.mangaassist.shared.contract.InvalidSettingException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * How the platform's HTTP services start: every singleton is built before the port opens (a
 * missing setting or a broken client stops the container at start, not at its first request), and
 * a start that fails for a setting ends in one line naming it, which is what ECS shows as the
 * stopped reason and what SageMaker keeps in the endpoint's logs.
 */
public final class ServiceLauncher extends Micronaut {

    private final String service;

    private ServiceLauncher(String service) {
        this.service = service;
    }

    /**
     * Starts the service whose main class is {@code mainClass}; exits 1 when it cannot. SIGTERM (what
     * ECS and {@code docker stop} send) shuts it down through the shutdown hooks — Micronaut's
     * graceful shutdown, the drain — and then exits 0: a drained stop is a clean one, not the
     * JVM's default 143.
     */
    public static ApplicationContext start(String service, Class<?> mainClass, String... args) {
        ServiceLauncher launcher = new ServiceLauncher(service);
        launcher.args(args).mainClass(mainClass).banner(false).eagerInitSingletons(true);
        ApplicationContext context = launcher.start();
        Signal.handle(new Signal("TERM"), signal -> System.exit(0));
        LoggerFactory.getLogger(ServiceLauncher.class).info("event=service_started service={} maxHeapMb={} cpus={}", service,
                Runtime.getRuntime().maxMemory() / (1024 * 1024), Runtime.getRuntime().availableProcessors());
        return context;
    }

    /** The sentence a failed start prints when a setting caused it; {@code null} when none did. */
    static String settingProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid.getMessage();
            }
        }
        return null;
    }

    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        String problem = settingProblem(exception);
        if (problem != null) {
            System.err.println(service + " cannot start: " + problem);
            System.exit(1);
        }
        super.handleStartupException(environment, exception);
    }
}
