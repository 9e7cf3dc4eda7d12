package com.mangaassist.containers;

import com.mangaassist.localaws.docker.DockerEnvironment;
import com.mangaassist.localaws.process.ServiceProcess;
import com.mangaassist.release.docker.BaseImages;
import com.mangaassist.release.docker.DockerCli;
import com.mangaassist.release.docker.ImageBases;
import com.mangaassist.release.docker.ImageBuilder;
import com.mangaassist.release.docker.PlatformImage;
import com.mangaassist.release.registry.OciRegistry;
import com.mangaassist.release.registry.RegistryAuth;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The two images built once per test run, exactly as {@code release build --local} builds them
 * (same builder, same bases), tagged {@code container-test} in the local registry.
 */
final class PlatformImages {

    private static final Map<PlatformImage, ImageBuilder.BuiltImage> BUILT = new EnumMap<>(PlatformImage.class);

    private PlatformImages() {
    }

    static synchronized ImageBuilder.BuiltImage get(PlatformImage image) {
        DockerEnvironment.require();
        return BUILT.computeIfAbsent(image, PlatformImages::build);
    }

    private static ImageBuilder.BuiltImage build(PlatformImage image) {
        Path root = ServiceProcess.reactorRoot();
        DockerCli docker = DockerCli.detect();
        OciRegistry registry = new OciRegistry(DockerEnvironment.REGISTRY, RegistryAuth.anonymous());
        String mirror = System.getenv().getOrDefault("MANGAASSIST_DEBIAN_MIRROR", "http://deb.debian.org/debian");
        ImageBases bases = ImageBases.local(new BaseImages(docker, registry, root, root.resolve("target/release/work"), mirror).ensure());
        return new ImageBuilder(docker, root).build(image, bases, DockerEnvironment.REGISTRY + "/" + image.repositoryName("test"), "container-test");
    }
}
