# syntax=docker/dockerfile:1

# Node 24: the current LTS (Node 20 is past its end of life; the service still runs on 20.19+ for
# development machines, see package.json engines).
# ---- build: install everything, compile TypeScript, then drop devDependencies ----
FROM node:24-bookworm-slim AS build
WORKDIR /app
# swagger-ui-dist pulls in @scarf/scarf, whose install script phones home; switch it off
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: compiled code + production node_modules, run as the unprivileged `node` user ----
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
# package.json is needed at run time: its "imports" map (#domains, …) points into dist/.
# Code stays root-owned (read-only for the app); only DATA_DIR is writable, used by the
# embedded PostgreSQL when DATABASE_URL is not set.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=32", "dist/apps/api/src/main.js"]
