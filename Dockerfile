# syntax=docker/dockerfile:1.7
# FluxAsync's image: the server and the worker as built JavaScript, the dashboard inside.
#   docker build -t fluxasync .
#   docker run fluxasync node dist/main.js migrate   # the release's one-off step
#   docker run -p 3000:3000 fluxasync                # the server (CMD)
#   docker run fluxasync node dist/main.js worker    # a job worker
# No daemon runs where this repository is tested: `pnpm deploy:check` (in CI) runs the same steps
# (build, pnpm deploy --prod, start from the deployed folder, /readyz) without Docker.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: the whole workspace's dependencies, the dashboard, the server's bundle -------------
FROM ${NODE_IMAGE} AS build
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
# The pnpm of package.json's packageManager (what .ci/run installs too).
RUN npm install -g pnpm@10.34.9 && pnpm config set store-dir /pnpm/store
WORKDIR /repo
# Dependencies first, from the lockfile alone: this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
# The dependencies' patches, which the lockfile names (patches/README.md).
COPY patches ./patches
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store pnpm fetch
COPY . .
# Only what the server and the dashboard need (not the courier app's React Native).
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --offline --filter "@flux/server..." --filter "@flux/web..."
# Build-time settings of the dashboard (docs/configuration.md).
ARG VITE_MAP_TILE_URL
ARG VITE_MAP_TILE_ATTRIBUTION
RUN pnpm --filter @flux/web build && pnpm --filter @flux/server build
# dist/ and the production dependencies alone (apps/server/build.ts explains why --legacy).
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm --filter @flux/server deploy --prod --legacy /prod/server

# ---- runtime: Node, dist/, node_modules; no sources, no pnpm, not root ------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /prod/server /app
# The default home of uploaded files without S3 (UPLOADS_DIR): writable by the server, a volume in
# docker-compose.yml.
RUN install -d -o node -g node /app/.data /app/.data/uploads
USER node
EXPOSE 3000
# Ready = the database answers and the migrations are applied (a worker container has no HTTP:
# compose and the platforms turn this off for it).
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM reaches node itself (exec form): it drains requests and jobs, then exits.
# --max/--min-semi-space-size: a young generation large enough that requests waiting for a
# database connection under load are not promoted, with all they allocate after, and that is not
# shrunk below half of that after a quieter minute (docs/benchmarks.md).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=128", "--min-semi-space-size=64", "dist/main.js"]
