#!/bin/sh
# Stands in for the `docker` command that Quarkus's Jib extension calls when it does not push to a
# registry, so that the image ends up in a file instead of a Docker daemon: `info` names the target
# platform, `load` writes the image tarball (docker save format) to $IMAGE_TARBALL.
set -eu
case "$1" in
  info) echo '{"OSType":"linux","Architecture":"x86_64"}' ;;
  load) cat > "$IMAGE_TARBALL"; echo "Image written to $IMAGE_TARBALL" ;;
  *) echo "docker-to-tarball.sh: '$1' is not supported (only info and load)" >&2; exit 1 ;;
esac
