# syntax=docker/dockerfile:1
# Roster's production image: compiled JavaScript run by plain node, production dependencies only,
# a non-root user. Build: docker build -t roster .   Run: see compose.yaml and docs/deployment.md.

ARG NODE_IMAGE=node:20-bookworm
ARG NODE_RUNTIME_IMAGE=node:20-bookworm-slim

# 1. Compile src/ to dist/ with the dev dependencies (TypeScript). Install scripts are skipped:
#    compiling needs no native module, and `prepare` would try to build before src/ is copied.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig*.json ./
COPY src ./src
RUN npm run build

# 2. Production dependencies only. better-sqlite3 is native: its install script is the one that
#    must run (a prebuilt binary, else compiled with the toolchain this full image has).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && npm cache clean --force

# 3. The runtime: same Debian release as the stages above (the native module's glibc), no
#    compiler, no dev dependencies, user `node` (uid 1000) of the official image.
FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root bin ./bin
# The default SQLite file is ./data/roster.db; mount a volume here (PostgreSQL needs none).
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 8080
# /livez touches nothing but the process: a slow database must not get the container restarted.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 8080}/livez`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node as PID 1 receives SIGTERM itself (no npm, no shell in between) and drains before exiting.
CMD ["node", "dist/main.js"]
