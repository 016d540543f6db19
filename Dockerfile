# shiftgate container image: the GitHub Action (action.yml) and `docker run … shiftgate scan`.
#
# Base images are pinned by digest. The digests below were written on a machine without a
# Docker engine and MUST be refreshed by one that can pull before the first build:
#   docker buildx imagetools inspect golang:1.26.8-bookworm --format '{{json .Manifest.Digest}}'
#   docker buildx imagetools inspect gcr.io/distroless/base-debian12:nonroot --format '{{json .Manifest.Digest}}'
# A stale digest makes the build fail: it never falls back to an unpinned image.

# ---- build: the shiftgate binary, and a warm build cache of the standard library ----
FROM golang:1.26.8-bookworm@sha256:46c48ecf8197e8ec173a4d0772bcfe9d0f35da5cd1e137e1f6528b1e3ee66ca6 AS build
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
 && GOCACHE=/out/home/.cache/go-build go list -export std >/dev/null \
 && chown -R 1001:1001 /out/home

# ---- runtime: the binary and the Go toolchain, nothing else (no shell, no package manager) ----
FROM gcr.io/distroless/base-debian12:nonroot@sha256:ae5f86ec6e97030b4e9ab38d6fa51930c6bd85889c67fcf3604e350a526a9806
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
