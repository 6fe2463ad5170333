# syntax=docker/dockerfile:1
# Multi-stage: compile with dev dependencies, run with production dependencies only, as non-root.
# One image serves both processes: the jobs service (default) and the history consumer
# (command: node dist/apps/history-consumer/src/main.js).

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npx tsc -p tsconfig.build.json && node apps/console/build.mjs

FROM node:20.20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:20.20-bookworm-slim AS runtime
# The heap limit also sets how far V8 lets the heap grow between full collections (ADR 11).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=1536 \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# Migrations are read from the source tree at run time; the OpenAPI documents are served.
COPY --chown=node:node libs ./libs
COPY --chown=node:node docs ./docs
# The embedded database (only when DATABASE_URL is unset) writes here.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/apps/jobs-service/src/main.js"]
