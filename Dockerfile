# Rounds server image: multi-stage, non-root, slim. node-llama-cpp uses its
# prebuilt linux-x64 CPU binary from npm (no compiler in the image); its GPU
# builds are pruned unless asked for:
#   docker build --build-arg NODE_LLAMA_CPP_GPU=cuda .     (or vulkan)
# keeps @node-llama-cpp/linux-x64-cuda* (or -vulkan); the image then needs the
# GPU runtime libraries from the host (NVIDIA Container Toolkit) or a
# nvidia/cuda base image, and `gpu: true` in the llama-cpp plugin settings.
# Node 22: the locked cookie 2 (@fastify/cookie, light-my-request) declares node >=22 and the
# AWS SDK warns on older Node (the code itself also runs on Node 20.19+, as in development).
# `npm install`, not `npm ci`: npm ci rejects this lockfile when the registry
# mirror lacks other platforms' optional binaries (see .ci/run).
FROM node:22-bookworm-slim AS deps
ARG NODE_LLAMA_CPP_GPU=none
WORKDIR /app
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY drizzle/package.json drizzle/
COPY bot/package.json bot/
COPY admin-web/package.json admin-web/
COPY plugins/ plugins/
RUN find plugins -mindepth 2 -not -name package.json -not -type d -delete \
 && npm install --omit=dev --no-audit --no-fund --loglevel=error \
 && case "$NODE_LLAMA_CPP_GPU" in none|cuda|vulkan) ;; *) echo "NODE_LLAMA_CPP_GPU must be none, cuda or vulkan" >&2; exit 1;; esac \
 && if [ "$NODE_LLAMA_CPP_GPU" != cuda ]; then rm -rf node_modules/@node-llama-cpp/linux-x64-cuda*; fi \
 && if [ "$NODE_LLAMA_CPP_GPU" != vulkan ]; then rm -rf node_modules/@node-llama-cpp/linux-x64-vulkan; fi \
 && rm -rf node_modules/@node-llama-cpp/linux-arm* node_modules/@node-llama-cpp/mac* node_modules/@node-llama-cpp/win*

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production ROUNDS_DATA_DIR=/data
WORKDIR /app
RUN groupadd --system rounds && useradd --system --gid rounds --home /app rounds \
 && mkdir -p /data && chown rounds:rounds /data
COPY --from=deps /app/node_modules ./node_modules
COPY --chown=rounds:rounds . .
USER rounds
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["node", "--import", "tsx", "bot/src/cli/main.ts"]
CMD ["serve"]
