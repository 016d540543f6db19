# shiftgate container image: the GitHub Action (action.yml) and `docker run … shiftgate scan`.
#
# Base images are pinned by digest: multi-arch index digests published for these tags
# (golang:1.26-bookworm resolved 2026-07-12). This machine has no Docker engine, so the image
# has not been built here; refresh the digests with
#   docker buildx imagetools inspect golang:1.26-bookworm --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect debian:bookworm-slim --format '{{json .Manifest.Digest}}'
# A stale digest makes the build fail: it never falls back to an unpinned image.

# ---- build: the shiftgate binary, and a warm build cache of the standard library ----
FROM golang:1.26-bookworm@sha256:18aedc16aa19b3fd7ded7245fc14b109e054d65d22ed53c355c899582bbb2113 AS build
ENV CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download && go mod verify
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/shiftgate ./cmd/shiftgate
# gosec and govulncheck load packages with export data: compiling the standard library
# once here saves every scan about a minute (LIBRARIES.md). The cache and module folders
# belong to the runtime user.
RUN mkdir -p /out/home/.cache /out/home/go \
 && GOCACHE=/out/home/.cache/go-build go list -trimpath -export std >/dev/null \
 && chown -R 1001:1001 /out/home

# ---- runtime: the binary, the Go toolchain (gosec and govulncheck load packages with it),
# git (--changed-since, the pre-push hook) and a POSIX shell (the Tekton step script).
FROM debian:bookworm-slim@sha256:7b140f374b289a7c2befc338f42ebe6441b7ea838a042bbd5acbfca6ec875818
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1001 --create-home --home-dir /home/shiftgate --shell /usr/sbin/nologin shiftgate
LABEL org.opencontainers.image.title="shiftgate" \
      org.opencontainers.image.description="Security gate for CI: SAST, secrets, dependencies and IaC judged by one policy" \
      org.opencontainers.image.source="https://github.com/shiftgate/shiftgate" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /usr/local/go /usr/local/go
COPY --from=build /out/shiftgate /usr/local/bin/shiftgate
COPY --from=build --chown=1001:1001 /out/home /home/shiftgate
ENV PATH=/usr/local/go/bin:/usr/local/bin:/usr/bin:/bin \
    HOME=/home/shiftgate \
    GOCACHE=/home/shiftgate/.cache/go-build \
    GOPATH=/home/shiftgate/go \
    GOTOOLCHAIN=local \
    CGO_ENABLED=0 \
    GOTELEMETRY=off
# Non-root. 1001 is the uid of the `runner` user on GitHub-hosted runners, who owns the
# mounted workspace (/github/workspace) and the file-command files (GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY): the action can write its reports and outputs without root.
USER 1001:1001
WORKDIR /github/workspace
# A one-shot CLI, not a service: there is nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/shiftgate"]
CMD ["scan", "."]
