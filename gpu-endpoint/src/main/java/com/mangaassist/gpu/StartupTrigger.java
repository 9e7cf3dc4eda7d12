package com.mangaassist.gpu;

import com.mangaassist.gpu.startup.EndpointStartup;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;

/** Starts loading and warmup once the server listens, so /ping can report progress meanwhile. */
@Singleton
public class StartupTrigger {

    private final EndpointStartup startup;

    public StartupTrigger(EndpointStartup startup) {
        this.startup = startup;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        startup.start();
    }
}
