package com.mangaassist.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A process's CPU time split by what its threads do, read from Linux's {@code /proc/<pid>/task}:
 * the JIT compiler, the garbage collector and the JVM's own housekeeping, and everything else (the
 * application's work per turn). A short benchmark run is still paying for JIT compilation, which
 * a long-running task has long finished; the split lets the report show both honestly.
 */
public record ThreadCpu(long applicationNanos, long jitNanos, long gcAndVmNanos) {

    /** USER_HZ: the unit of utime/stime in /proc, 100 on every Linux this runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    public static ThreadCpu of(long pid) {
        long app = 0;
        long jit = 0;
        long gc = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                // Fields after the ")" that closes the thread name: state is field 3, utime 14, stime 15.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long nanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
                if (name.contains("CompilerThre")) {
                    jit += nanos;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.startsWith("VM ") || name.equals("VM Thread")
                        || name.startsWith("Sweeper") || name.startsWith("GC ")) {
                    gc += nanos;
                } else {
                    app += nanos;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new ThreadCpu(app, jit, gc);
    }

    /**
     * CPU nanoseconds by thread name, digits folded ({@code retrieve-3} and {@code retrieve-7} are {@code retrieve-#}): what a
     * process's time went to, by pool. Linux cuts names at 15 characters; native threads (an ONNX Runtime pool) carry the name of
     * the thread that created them.
     */
    public static java.util.Map<String, Long> byName(long pid) {
        java.util.Map<String, Long> groups = new java.util.TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("\\d+", "#");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK, Long::sum);
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return groups;
    }

    public ThreadCpu minus(ThreadCpu earlier) {
        return new ThreadCpu(applicationNanos - earlier.applicationNanos, jitNanos - earlier.jitNanos, gcAndVmNanos - earlier.gcAndVmNanos);
    }

    public long totalNanos() {
        return applicationNanos + jitNanos + gcAndVmNanos;
    }
}
