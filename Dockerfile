# Works with BuildKit and with the classic builder; no `# syntax=` line, so no frontend image is pulled.
#
# Build stage: full install, compile TypeScript, then keep only what the server needs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Optional, for builds behind a registry mirror or a TLS-intercepting proxy (used by npm in this stage
# only, never in the runtime image): --build-arg NPM_CONFIG_REGISTRY=https://mirror/ and
# --build-arg NPM_CONFIG_CA="$(cat proxy-ca.pem)" (the CA that signs the proxy's certificates).
ARG NPM_CONFIG_REGISTRY
ARG NPM_CONFIG_CA
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile lacks other platforms' optional binaries (README, Development).
# Scripts off: `prepare` would compile before the sources are copied; the two allowed install scripts
# (embedded PostgreSQL's library links, @apollo/protobufjs's CLI setup) are not needed to serve.
RUN npm install --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
# Only what the server and the CLI run (bench/ and scripts/ are development tools; tsc skips absent folders).
COPY src src
COPY migrations migrations
# --omit=optional drops the embedded PostgreSQL binaries (~60 MB) and pg-cloudflare: unused here.
RUN npx tsc -p tsconfig.build.json \
 && npm prune --omit=dev --omit=optional --no-audit --no-fund --ignore-scripts

# Runtime stage: compiled code and production dependencies only, owned by root and read-only to the
# unprivileged `node` user that runs it.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000 HOST=0.0.0.0 DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY bin bin
# The one writable folder (DATA_DIR): `tessera demo --out .data/demo`, AUDIT_CHECKPOINT_DIR if pointed here.
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 4000
# /readyz: the database answers and every migration is applied. start-period covers the migrations.
# Asks the address the server listens on (HOST), loopback when it listens on every one; /readyz answers
# within DB_CONNECT_TIMEOUT_MS (3 s by default), inside the 4 s this allows.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const h=process.env.HOST||'';const host=h===''||h==='0.0.0.0'||h==='::'?'127.0.0.1':h.includes(':')?'['+h+']':h;fetch('http://'+host+':'+(process.env.PORT||4000)+'/readyz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# NODE_ENV=production: DATABASE_URL, JWT_SECRET (or a JWKS) and AUDIT_SIGNING_KEY are required; a missing
# or unusable setting stops the container at once (exit status 2) with the variable named.
# The server is PID 1 from the start, with no shell in front: it applies pending migrations itself before
# it listens, and handles SIGTERM in every phase (during start-up it stops at once, a migration in flight
# rolled back; once serving it drains). `sh -c "… migrate && exec node …"` left sh as PID 1 during the
# migrations, and PID 1 ignores a signal it has no handler for, so `docker stop` waited 10 s for SIGKILL.
CMD ["node", "dist/src/main.js"]
