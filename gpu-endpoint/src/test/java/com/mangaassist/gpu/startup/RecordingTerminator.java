package com.mangaassist.gpu.startup;

import com.mangaassist.gpu.EndpointFactory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

/** Records the exit a test provoked instead of ending the test JVM. */
@Singleton
@Requires(env = Environment.TEST)
@Replaces(bean = ProcessTerminator.class, factory = EndpointFactory.class)
public class RecordingTerminator implements ProcessTerminator {

    private volatile Integer exitCode;
    private volatile String event;
    private volatile String detail;

    @Override
    public void terminate(int code, String name, String why) {
        this.event = name;
        this.detail = why;
        this.exitCode = code;
    }

    public Integer exitCode() {
        return exitCode;
    }

    public String event() {
        return event;
    }

    public String detail() {
        return detail;
    }
}
