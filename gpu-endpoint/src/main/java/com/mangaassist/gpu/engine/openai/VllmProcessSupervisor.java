package com.mangaassist.gpu.engine.openai;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the model server (vLLM) as a child process whose output joins the container's log. When the
 * process dies on its own, the registered callback runs: the endpoint goes back to "loading",
 * {@code load()} starts a new process, and warmup runs again before traffic returns.
 */
public final class VllmProcessSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VllmProcessSupervisor.class);

    private final List<String> command;
    private final AtomicInteger starts = new AtomicInteger();
    private volatile Process process;
    private volatile Runnable onUnexpectedExit = () -> { };
    private volatile boolean closing;

    /** Called when the process exits while nobody asked it to (a crash, an OOM kill). */
    public void onUnexpectedExit(Runnable callback) {
        this.onUnexpectedExit = callback;
    }

    static final String DEV_MODE = "VLLM_SERVER_DEV_MODE";

    public VllmProcessSupervisor(List<String> command) {
        this.command = List.copyOf(command);
    }

    /** Starts the process unless one is already running. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            // Registers vLLM's POST /reset_prefix_cache, which the front calls after an OOM (OpenAiCompatibleEngine.reset). The
            // server listens on 127.0.0.1 inside the container, so its development routes are reachable by the front alone.
            builder.environment().put(DEV_MODE, "1");
            Process started = builder.start();
            process = started;
            started.onExit().thenRun(() -> {
                if (!closing) {
                    LOG.error("event=engine_process_died pid={} exit_code={}", started.pid(), started.exitValue());
                    onUnexpectedExit.run();
                }
            });
            LOG.info("event=engine_process_started pid={} start={} command=\"{}\"", started.pid(), starts.incrementAndGet(), String.join(" ", command));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start engine process: " + e.getMessage(), e);
        }
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public int starts() {
        return starts.get();
    }

    public String describeExit() {
        Process current = process;
        return current == null ? "never started" : current.isAlive() ? "running" : "exit code " + current.exitValue();
    }

    @Override
    public synchronized void close() {
        closing = true;
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            try {
                if (!current.waitFor(10, TimeUnit.SECONDS)) {
                    current.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                current.destroyForcibly();
            }
        }
    }
}
