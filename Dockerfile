# Rounds server image: multi-stage, non-root, slim, running the compiled
# build (`npm run build`, dist/ in each package). node-llama-cpp uses its
# prebuilt CPU binary from npm (no compiler in the image); the root
# postinstall (scripts/prune-llama-builds.js) removes its GPU and other
# architectures' builds. For a GPU image, name the build in package.json
# before building (`npm install @node-llama-cpp/linux-x64-cuda`, or -vulkan):
# the postinstall keeps what the project names; the image then needs the GPU
# runtime from the host (NVIDIA Container Toolkit) and `gpu: true` in the
# llama-cpp plugin settings.
# `npm install`, not `npm ci`: npm ci rejects this lockfile when the registry
# mirror lacks other platforms' optional binaries (see .ci/run).
# Vendor SDKs of plugins outside the default install (chat channels, S3,
# OpenAI, llama.cpp) are optional: the image gets those of the plugins named in
# ROUNDS_PLUGINS (by default the compose file's), e.g.
#   docker build --build-arg ROUNDS_PLUGINS=@rounds/plugin-s3,@rounds/plugin-slack .
FROM node:22-bookworm-slim AS build
ARG ROUNDS_PLUGINS=@rounds/plugin-s3,@rounds/plugin-parsers,@rounds/plugin-lexical,@rounds/plugin-deid
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/ scripts/
COPY core/package.json core/
COPY drizzle/package.json drizzle/
COPY bot/package.json bot/
COPY admin-web/package.json admin-web/
COPY plugins/ plugins/
# Only the plugins' package.json files for the install layer (the sources come with the COPY below).
RUN find plugins -mindepth 2 -not -name package.json -not -type d -delete \
 && npm install --no-audit --no-fund --loglevel=error
COPY . .
# npm prune puts node-llama-cpp's optional builds back without running the postinstall: prune them again
# (after the configured plugins' SDKs, which may bring node-llama-cpp).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 && node scripts/install-plugin-sdks.js \
 && node scripts/prune-llama-builds.js

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production ROUNDS_DATA_DIR=/data
WORKDIR /app
RUN groupadd --system rounds && useradd --system --gid rounds --home /app rounds \
 && mkdir -p /data && chown rounds:rounds /data
COPY --from=build /app /app
USER rounds
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["node", "bot/bin/rounds.js"]
CMD ["serve"]
