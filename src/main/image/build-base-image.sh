#!/bin/sh
# Builds the image's base layer as a `docker save` tarball, without a Docker daemon or a registry:
# a Java runtime cut down with jlink from the building JDK, and the few C libraries it links against,
# taken from Debian's packages. Jib reads it through `quarkus.jib.base-jvm-image=tar://…`.
#
#   build-base-image.sh <output.tar>
#
# Needs a JDK 17 with jmods (jlink), and apt-get/dpkg-deb with package lists (`apt-get update`).
set -eu

out=$(realpath -m "$1")
work=$(dirname "$out")/base-image
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# The Java SE modules (jdeps misses those the libraries load reflectively, java.rmi among them) and the
# JDK ones used at run time: sun.misc.Unsafe, zip file systems, EC for TLS to PostgreSQL, Chinese
# number and date formats, the legacy code pages an uploaded .xls may declare, JMX for the metrics.
modules=java.se,jdk.unsupported,jdk.zipfs,jdk.crypto.ec,jdk.localedata,jdk.charsets,jdk.management

# The shared libraries the runtime's native code links against (ldd on every .so left in the runtime), and the
# TrueType font with Chinese glyphs that e-certificates are drawn in (registry.e-certificate.fonts; PDFBox reads
# and subsets it itself, without the runtime's font rendering).
packages="libc6 libgcc-s1 libstdc++6 zlib1g libjpeg62-turbo liblcms2-2 fonts-wqy-zenhei"

# The uid the Kubernetes Deployment runs as.
uid=185

rm -rf "$work"
mkdir -p "$work/debs" "$work/rootfs" "$work/image"
rootfs=$work/rootfs

"$java_home/bin/jlink" --add-modules "$modules" --include-locales=en,zh \
  --strip-debug --no-man-pages --no-header-files --output "$rootfs/opt/java"
# A headless server: no X11, sound, splash screen or font rendering (the QR codes, charts and e-certificates draw none).
rm "$rootfs"/opt/java/lib/libawt_xawt.so "$rootfs"/opt/java/lib/libjawt.so "$rootfs"/opt/java/lib/libjsound.so \
  "$rootfs"/opt/java/lib/libsplashscreen.so "$rootfs"/opt/java/lib/libfontmanager.so

(cd "$work/debs" && apt-get download -q $packages)
for deb in "$work"/debs/*.deb; do
  dpkg-deb --extract "$deb" "$rootfs"
done
# Licences stay; manuals, translations and other documentation go.
find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
rm -rf "$rootfs/usr/share/man" "$rootfs/usr/share/info" "$rootfs/usr/share/locale" "$rootfs/usr/share/lintian" \
  "$rootfs/usr/lib/x86_64-linux-gnu/gconv"

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/app"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\ncert-registry:x:%s:%s:cert-registry:/app:/sbin/nologin\n' \
  "$uid" "$uid" > "$rootfs/etc/passwd"
printf 'root:x:0:\ncert-registry:x:%s:\n' "$uid" > "$rootfs/etc/group"
printf 'hosts: files dns\n' > "$rootfs/etc/nsswitch.conf"

# Reproducible layer: sorted entries, fixed owner and times.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$work/image/layer.tar" .
diff_id=$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)

cat > "$work/image/config.json" <<EOF
{"architecture":"amd64","os":"linux",
 "config":{"User":"$uid:$uid","WorkingDir":"/app",
  "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8","HOME=/app"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"src/main/image/build-base-image.sh"}]}
EOF
config_id=$(sha256sum "$work/image/config.json" | cut -d' ' -f1)
mv "$work/image/config.json" "$work/image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["cert-registry-base:local"],"Layers":["layer.tar"]}]\n' \
  "$config_id" > "$work/image/manifest.json"

tar --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/image" -cf "$out" manifest.json "$config_id.json" layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1))"
