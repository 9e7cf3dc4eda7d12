#
# The local stand-in for the production JDK base (Eclipse Temurin 17 by digest): Debian's OpenJDK
# 17 on a Debian base built from packages, with what the image builds need — jmods for jlink,
# a static busybox for health checks, and Java's CA bundle. Built by the release tool
# (BaseImages) and kept, by digest, in the local registry.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      openjdk-17-jdk-headless busybox-static ca-certificates ca-certificates-java binutils \
 && rm -rf /var/lib/apt/lists/*
