# Stagecraft image: one image, two roles (API and worker), chosen by the command.
# Build stage installs everything and builds; the runtime stage keeps production
# dependencies and the built output only.

FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false
# isolated-vm (the functions sandbox) is a native addon, compiled by node-gyp during npm ci.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY admin-ui/package.json admin-ui/package.json
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=8080 \
    SCARF_ANALYTICS=false
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
# Import uploads and export files; a volume shared by the API and the worker (docker-compose.yml).
ENV FILES_DIR=/data/files
RUN mkdir -p /data/files && chown node:node /data/files
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/admin-ui/dist ./admin-ui/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD wget -qO- http://127.0.0.1:8080/health/live || exit 1
CMD ["node", "dist/apps/api/src/main.js"]
