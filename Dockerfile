# syntax=docker/dockerfile:1
# Build stage: install every dependency, compile TypeScript and build the web console (dist/web).
FROM node:26-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspaces' manifests: npm ci installs the lockfile's whole tree, theirs included.
COPY packages/cli/package.json ./packages/cli/
COPY packages/worker/package.json ./packages/worker/
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY web ./web
# Pruned, not reinstalled: the runtime keeps the patched packages of patches/. Optional packages go
# too: the embedded PostgreSQL (about 60 MB of binaries; compose and any real deployment set
# DATABASE_URL), pg's Cloudflare socket, bundler-only binaries. None of them is loaded at runtime.
RUN npm run build && npm prune --omit=dev --omit=optional --no-audit --no-fund

# Runtime stage: production dependencies and compiled code only, as a non-root user. One image for
# every role: STEPGRAPH_ROLE=migrate runs the migrations and exits (docs/deployment.md).
FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
