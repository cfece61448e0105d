# Myriad in a container: docs/operators.md#docker.
#
# Stage 1 builds everything that needs build tools: the packs (AssemblyScript →
# WebAssembly) and the engine bundle (esbuild). Stage 2 is the runtime: Node.js, the
# files scripts/runtime-files.mjs lists (the same list test/e2e/runtime-install
# checks: no TypeScript sources, no AssemblyScript, no tsx) and the production
# dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /src
# The SDK is an npm workspace (sdk/): its manifest must be there for npm ci to link it.
COPY package.json package-lock.json ./
COPY sdk/package.json sdk/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:packs \
 && npm run build:engine \
 && node scripts/runtime-files.mjs --copy /runtime

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    MYRIAD_DATA_DIR=/var/lib/myriad
WORKDIR /opt/myriad
COPY --from=build /runtime ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && groupadd --system myriad \
 && useradd --system --gid myriad --home-dir /var/lib/myriad --shell /usr/sbin/nologin myriad \
 && mkdir -p /var/lib/myriad \
 && chown myriad:myriad /var/lib/myriad
USER myriad
# PGlite's data directory and myriad.pid (with PostgreSQL only the pid file).
VOLUME /var/lib/myriad
# 4000 telnet, 4001 web client, WebSocket, /health and /admin. /metrics listens on
# 127.0.0.1:4002 inside the container unless a config sets metrics.host.
EXPOSE 4000 4001
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:4001/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# SIGTERM: players are told, commits flushed, exit 0 (give it stop_grace_period: 30s).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/myriad.mjs", "start"]
