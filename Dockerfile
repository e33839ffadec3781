# AWS Serverless Tutor: one image for both modes (one workspace with SLACK_BOT_TOKEN, or the
# multi-workspace OAuth install); the environment decides (README, "Configuration").
#   docker build -t aws-serverless-tutor .
#   docker run --env-file .env -p 3000:3000 -v tutor-data:/app/data aws-serverless-tutor

# Compile src/ into dist/ (TypeScript is a dev dependency, so it stays in this stage).
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_PATH=/app/data/tutor.db
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only; better-sqlite3 fetches its prebuilt binary for this Node. The
# package's `prepare` build finds no TypeScript here and says so; dist/ comes from the build stage.
RUN npm ci --omit=dev && npm cache clean --force
COPY scripts ./scripts
COPY migrations ./migrations
COPY questions ./questions
COPY src ./src
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "start"]
