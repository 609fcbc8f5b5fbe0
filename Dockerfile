# syntax=docker/dockerfile:1
# Elara's images, one build: `runtime` runs any role (`elara serve --role gateway|upload|db`),
# `nginx` is the balancer in front of the gateways. compose.yaml builds both.
# Base images are pinned to exact versions; bump them deliberately (docs/operations.md).

# --- build: the virtualenv with Elara and its pinned dependencies --------------------------
FROM python:3.11.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
RUN python -m venv /opt/elara
COPY pyproject.toml constraints.txt README.md ./
COPY elara ./elara
# Editable into /app: Elara serves the chart library from /app/node_modules next to its package.
RUN /opt/elara/bin/pip install -c constraints.txt -e .

# --- assets: the browser libraries, from the npm registry's lock file ---------------------
FROM node:20.18.1-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- runtime: the same image for every role, as an unprivileged user -----------------------
FROM python:3.11.11-slim-bookworm AS runtime
ENV PATH=/opt/elara/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    ELARA_HOST=0.0.0.0 \
    ELARA_DATA_DIR=/var/lib/elara
RUN groupadd --system --gid 10001 elara \
    && useradd --system --uid 10001 --gid elara --home-dir /var/lib/elara --no-create-home elara \
    && mkdir -p /var/lib/elara \
    && chown elara:elara /var/lib/elara
COPY --from=build /opt/elara /opt/elara
COPY --from=build /app /app
COPY --from=assets /app/node_modules /app/node_modules
WORKDIR /app
USER elara:elara
VOLUME ["/var/lib/elara"]
EXPOSE 3000 5000 5001
# Every role answers /health/live on the port it serves (gateway 3000, upload 5000, db 5001);
# HEALTHCHECK_PORT names it when a role runs on another port.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health/live' % os.environ.get('HEALTHCHECK_PORT', '3000'), timeout=2)"]
ENTRYPOINT ["elara"]
CMD ["serve", "--role", "gateway"]

# --- nginx: the balancer, with deploy/nginx.conf ------------------------------------------
FROM nginx:1.27.3-bookworm AS nginx
COPY deploy/nginx.conf /etc/nginx/nginx.conf
COPY deploy/nginx-gateways.compose.conf /etc/nginx/elara-gateways.conf
EXPOSE 80 443
HEALTHCHECK --interval=15s --timeout=3s --retries=3 \
    CMD ["nginx", "-t", "-q"]
