# syntax=docker/dockerfile:1
# One image per app: docker build -f deploy/docker/app.Dockerfile --build-arg APP=router -t <registry>/router:<tag> .
# (from the repository root). The runtime stage has node and the app, nothing else: no shell, no
# npm, no compiler, a numeric non-root user (65532, distroless "nonroot") so Kubernetes can enforce
# runAsNonRoot; the chart adds a read-only root filesystem and writable /tmp and spool volumes.

ARG NODE_BUILD_IMAGE=node:20.20-bookworm-slim
ARG NODE_RUNTIME_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot
# distroless for every app; chromium only for social-ingest with whatsapp-web.js sessions
# (--build-arg APP=social-ingest --build-arg RUNTIME=chromium, tagged social-ingest-chromium).
ARG RUNTIME=distroless

# Compile exactly what the app's entry points reach (deploy/docker/src/app-closure.builder.ts).
FROM ${NODE_BUILD_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
COPY tsconfig.base.json tsconfig.json ./
COPY tools/run.js tools/run.js
COPY libs libs
COPY apps apps
COPY deploy/docker/src deploy/docker/src
ARG APP
RUN test -n "${APP}" && node tools/run.js deploy/docker/src/build-app.cli.ts "${APP}" /out

# Production dependencies only, from the same lock file; no install scripts run.
FROM ${NODE_BUILD_IMAGE} AS dependencies
WORKDIR /deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error && npm cache clean --force

FROM ${NODE_RUNTIME_IMAGE} AS runtime-distroless

# whatsapp-web.js drives Debian's Chromium (never a downloaded browser: WHATSAPP_WEB_CHROMIUM_PATH
# is /usr/bin/chromium). Chromium needs Debian's libraries, so this base is Debian bookworm (the
# release distroless is built from) with node from the build image: it has a shell and dpkg, which
# distroless has not; npm, npx, corepack, yarn and apt's lists are removed. BuildKit builds this
# stage only when RUNTIME=chromium.
FROM ${NODE_BUILD_IMAGE} AS runtime-chromium
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium \
 && rm -rf /var/lib/apt/lists/* /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-*
# The image's user has no home directory: Chromium's own files go to the /tmp volume.
ENV HOME=/tmp
ENTRYPOINT ["node"]

FROM runtime-${RUNTIME}
ARG APP
LABEL org.opencontainers.image.title="tributary-${APP}" \
      org.opencontainers.image.source="https://github.com/tributary/tributary"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=dependencies --chown=0:0 /deps/node_modules ./node_modules
COPY --from=build --chown=0:0 /out ./
USER 65532:65532
EXPOSE 3000
# The image's entry point is node; the migration Job passes ["migrate.main.js", "up"] instead.
CMD ["main.js"]
