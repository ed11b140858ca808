# syntax=docker/dockerfile:1
#
# Emulation Portal: the production image. One image runs every app service of
# docker-compose.yml (web = gunicorn, worker / beat = Celery, migrate = one-shot).
#
# Stages:
#   assets   Node.js runs `npm ci` for the front-end packages (Bootstrap and its icons). Only
#            node_modules/ leaves this stage, so Node.js never ships.
#   base     python:3.11-slim-bookworm + the shared libraries and fonts WeasyPrint
#            loads at run time. Both stages below start from it, so collectstatic
#            and compilemessages run against the same system the app runs on.
#   build    Python packages into /opt/venv, then collectstatic + compilemessages
#            (the latter needs gettext, which only this stage installs).
#   runtime  base + the venv + the app tree, run as a non-root user.

ARG NODE_IMAGE=node:22-bookworm-slim
ARG PYTHON_IMAGE=python:3.11-slim-bookworm


# --- assets: npm packages ---------------------------------------------------------------------
FROM ${NODE_IMAGE} AS assets
WORKDIR /build
COPY package.json package-lock.json ./
# --omit=dev: only what the site serves; the lockfile pins exact versions.
RUN npm ci --omit=dev --no-audit --no-fund


# --- base: Python + WeasyPrint's system libraries ---------------------------------------------
FROM ${PYTHON_IMAGE} AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

# manage.py and the Celery app default to the *local* settings; the image is for production.
# DJANGO_STATIC_ROOT: collectstatic writes there at build time and whitenoise serves it at run
#   time. It is part of the image on purpose, not a volume: a volume would go on serving the
#   previous release's files after an upgrade.
# DJANGO_MEDIA_ROOT: docker-compose.yml mounts the shared "media" volume there (web + worker).
ENV DJANGO_SETTINGS_MODULE=emulation_portal.settings.production \
    DJANGO_STATIC_ROOT=/app/var/static \
    DJANGO_MEDIA_ROOT=/app/var/media \
    PORTAL_BALLOT_KEY_DIR=/app/var/ballot-keys

# WeasyPrint finds these through cffi at run time:
#   pango + pangoft2 + harfbuzz  text layout;
#   libharfbuzz-subset0          the fast font subsetter (without it WeasyPrint falls back to
#                                fontTools, ~9x slower per PDF);
#   fontconfig + fonts-liberation2  fonts with full Vietnamese coverage (Liberation Serif);
#   postgresql-client            pg_dump/pg_restore for `manage.py backup` (Debian 12: v15, as db).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-liberation2 \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app


# --- build: venv, static files, translations --------------------------------------------------
FROM base AS build

# msgfmt for compilemessages; build stage only.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
# requirements.txt alone first, so code changes do not re-run pip (layer cache).
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
# STATICFILES_DIRS reads node_modules/bootstrap/dist, and PORTAL_PACKAGE_STATIC_FILES the icon
# sprite of node_modules/bootstrap-icons.
COPY --from=assets /build/node_modules ./node_modules

# The production settings refuse to load without a real DJANGO_SECRET_KEY, PORTAL_AUDIT_KEY,
# PORTAL_BALLOT_KEY and PORTAL_BASE_URL. Neither command signs anything, prints a link or
# touches a database, so throwaway values set for this RUN only (not ENV, so they do not stay
# in the image's environment) are enough.
# compilemessages skips node_modules: it searches every "locale" folder below the cwd.
RUN export DJANGO_SECRET_KEY=build-time-only-not-a-secret \
        PORTAL_AUDIT_KEY=build-time-only-not-a-secret-audit-key \
        PORTAL_BALLOT_KEY=build-time-only-not-a-secret-ballot-key \
        PORTAL_BASE_URL=https://build.invalid \
    && python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=node_modules


# --- runtime ----------------------------------------------------------------------------------
FROM base AS runtime

# A fixed uid keeps file ownership on the named volumes stable across rebuilds. The home
# folder is real because gunicorn (its control socket, ~/.gunicorn) and fontconfig (its
# cache) write there.
ARG APP_UID=1000
RUN groupadd --system --gid "${APP_UID}" app \
    && useradd --system --uid "${APP_UID}" --gid app \
        --home-dir /home/app --create-home --shell /usr/sbin/nologin app

COPY --from=build /opt/venv /opt/venv
# The app tree (with compiled .mo files and var/static) stays owned by root: the app user can
# read it but not change it. node_modules comes along (about 13 MB) because STATICFILES_DIRS names
# it, and without it every manage.py command would warn that the folder is missing.
COPY --from=build /app /app

# The only places the app user writes to:
#   var/media  generated PDFs and uploads. Docker copies this folder's ownership into the
#              named volume when the volume is first created, so the volume is writable by app.
#   var/run    celery beat's schedule file (see docker-compose.yml).
#   var/ballot-keys  the keys of ballots open for voting (PORTAL_BALLOT_KEY_DIR), only the
#              app user may read it.
RUN mkdir -p /app/var/media /app/var/run /app/var/ballot-keys \
    && chown app:app /app/var/media /app/var/run /app/var/ballot-keys \
    && chmod 700 /app/var/ballot-keys

# Fail the build, not the first PDF, if WeasyPrint cannot use the fast subsetter or the
# Vietnamese-capable serif font is missing.
RUN python -c "from weasyprint.text.ffi import harfbuzz, harfbuzz_subset; \
assert harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0), \
'WeasyPrint cannot load libharfbuzz-subset'" \
    && fc-list -q "Liberation Serif"

# Numeric, so orchestrators can verify "non-root" without reading /etc/passwd.
USER ${APP_UID}:${APP_UID}

# gunicorn reads its worker count from WEB_CONCURRENCY; override it in .env.
ENV WEB_CONCURRENCY=3
EXPOSE 8000

# --worker-tmp-dir /dev/shm: gunicorn's worker heartbeat files go to tmpfs; on the container's
# overlay filesystem they can stall workers. Access log to stdout, so `docker compose logs` has it.
CMD ["gunicorn", "emulation_portal.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-"]
