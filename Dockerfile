# medreg: API + portal in one image. Build the web portal first (`make web`) so web/dist exists.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk curl \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 medreg
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY core ./core
COPY identity ./identity
COPY registry ./registry
COPY certificates ./certificates
COPY schema ./schema
COPY migrations ./migrations
COPY web/dist ./web/dist
RUN pip install --no-cache-dir '.[postgres]' \
 && mkdir -p /data && chown medreg:medreg /data

USER medreg
ENV MEDREG_ENVIRONMENT=production \
    MEDREG_DATA_DIR=/data \
    MEDREG_HOST=0.0.0.0 \
    MEDREG_PORT=8000 \
    MEDREG_LOG_JSON=true \
    MEDREG_WEB_DIST=/app/web/dist
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8000/readyz || exit 1
CMD ["sh", "-c", "medreg migrate && medreg serve"]
