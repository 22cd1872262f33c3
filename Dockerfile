# syntax=docker/dockerfile:1
# The console image: Next.js standalone output (next.config.ts sets output: "standalone"), run as a
# non-root user with `node server.js`. Build: docker build -t session-console:0.1.0 .
# Deploy: kubectl apply -k deploy/overlays/token (see docs/real-cluster.md).

# 1. Dependencies, from the lockfile only (cached until package*.json change).
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The production build.
FROM node:24-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    NEXT_OUTPUT=standalone
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The runtime stage copies public/ whether or not the app has one.
RUN mkdir -p public && npm run build

# 3. Runtime: only the traced server files, the static assets, and git (the workflow catalog is
#    read by cloning it). No npm, no sources, no dev dependencies.
FROM node:24-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    HOST=0.0.0.0 \
    HOME=/tmp \
    DATA_DIR=/tmp/data
# Files stay owned by root (the server cannot modify its own code); only the cache is writable.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
RUN mkdir -p .next/cache && chown 1000:1000 .next/cache
# Numeric, so Kubernetes' runAsNonRoot can verify it (the image's `node` user is 1000).
USER 1000:1000
EXPOSE 3000
CMD ["node", "server.js"]
