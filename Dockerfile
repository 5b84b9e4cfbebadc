# Rounds server image: multi-stage, non-root, slim. node-llama-cpp uses its
# prebuilt linux-x64 binary from npm (no compiler in the image).
# CUDA variant: build with --build-arg NODE_LLAMA_CPP_GPU=cuda on a
# nvidia/cuda runtime base; the @node-llama-cpp/linux-x64-cuda package
# is then kept instead of pruned (see README "GPU").
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY drizzle/package.json drizzle/
COPY bot/package.json bot/
COPY admin-web/package.json admin-web/
COPY plugins/ plugins/
RUN find plugins -mindepth 2 -not -name package.json -not -type d -delete \
 && npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@node-llama-cpp/linux-x64-cuda* node_modules/@node-llama-cpp/linux-x64-vulkan \
           node_modules/@node-llama-cpp/linux-arm* node_modules/@node-llama-cpp/mac* node_modules/@node-llama-cpp/win*

FROM node:20-bookworm-slim AS runtime
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
