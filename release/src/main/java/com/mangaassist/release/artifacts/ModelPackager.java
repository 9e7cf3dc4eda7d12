package com.mangaassist.release.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * The model tarball SageMaker unpacks to {@code /opt/ml/model}: the base model's weights and
 * tokenizer at the root, one directory per LoRA adapter under {@code adapters/} (the names the
 * gpu-endpoint's {@code VLLM_LORA_MODULES} points at). Checked before packing — a {@code
 * config.json}, weights only as verified safetensors, no pickled checkpoint anywhere, every adapter
 * with its {@code adapter_config.json} and {@code adapter_model.safetensors}, no links, plain names
 * — and packed deterministically (sorted entries, fixed times and owners), so the same model gives
 * the same bytes and the same SHA-256.
 */
public final class ModelPackager {

    /** Formats that execute code when loaded (pickle): refused wherever they appear. */
    private static final Set<String> PICKLED = Set.of(".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final long FIXED_TIME_MILLIS = 0;

    private ModelPackager() {
    }

    /** Writes {@code modelDir} to {@code tarball} as a gzip'd tar; answers the adapters it holds. */
    public static List<String> pack(Path modelDir, Path tarball) {
        List<Path> files = verified(modelDir);
        try (OutputStream out = Files.newOutputStream(tarball);
             GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out, deterministicGzip());
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path file : files) {
                String name = modelDir.relativize(file).toString().replace('\\', '/');
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(Files.size(file));
                entry.setModTime(FIXED_TIME_MILLIS);
                entry.setUserId(0);
                entry.setGroupId(0);
                entry.setUserName("");
                entry.setGroupName("");
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                Files.copy(file, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + tarball, e);
        }
        return adapters(modelDir);
    }

    /** Every regular file of the model, sorted, once the directory passed every rule. */
    static List<Path> verified(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            throw new InvalidModelException("model directory " + modelDir + " does not exist");
        }
        if (!Files.isRegularFile(modelDir.resolve("config.json"))) {
            throw new InvalidModelException(modelDir + " has no config.json: not a model directory");
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(modelDir)) {
            for (Path path : walk.sorted().toList()) {
                if (path.equals(modelDir)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    throw new InvalidModelException(path + " is a link: a model tarball holds plain files only");
                }
                String name = path.getFileName().toString();
                if (!NAME.matcher(name).matches()) {
                    throw new InvalidModelException(path + " has a name outside [A-Za-z0-9._-]");
                }
                String lower = name.toLowerCase(Locale.ROOT);
                PICKLED.stream().filter(lower::endsWith).findFirst().ifPresent(extension -> {
                    throw new InvalidModelException(path + " is a pickled checkpoint (" + extension + "): weights are loaded from safetensors only");
                });
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    if (lower.endsWith(".safetensors")) {
                        SafetensorsFile.verify(path);
                    }
                    files.add(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.stream().noneMatch(f -> f.getParent().equals(modelDir) && f.getFileName().toString().endsWith(".safetensors"))) {
            throw new InvalidModelException(modelDir + " has no .safetensors weights at its root");
        }
        for (String adapter : adapters(modelDir)) {
            Path dir = modelDir.resolve("adapters").resolve(adapter);
            for (String required : List.of("adapter_config.json", "adapter_model.safetensors")) {
                if (!Files.isRegularFile(dir.resolve(required))) {
                    throw new InvalidModelException("adapter " + adapter + " has no " + required);
                }
            }
        }
        return files;
    }

    /** The LoRA adapters under {@code adapters/}, by name. */
    static List<String> adapters(Path modelDir) {
        Path dir = modelDir.resolve("adapters");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GzipParameters deterministicGzip() {
        GzipParameters parameters = new GzipParameters();
        parameters.setModificationTime(FIXED_TIME_MILLIS);
        return parameters;
    }
}
