#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty volume (docker-entrypoint-initdb.d).
# Two login roles: the owner of the database and its schema, which runs the migrations, and the
# service role the app serves with, which the owner's migration run grants read and write
# (read and append only on the history and verdicts). Neither is a superuser.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner="$CLAIM_TRACKER_OWNER" -v owner_password="$CLAIM_TRACKER_OWNER_PASSWORD" \
  -v service="$CLAIM_TRACKER_SERVICE" -v service_password="$CLAIM_TRACKER_SERVICE_PASSWORD" \
  -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"service" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'service_password';
-- The database owner is a member of pg_database_owner, which owns the schema public (PostgreSQL 15+).
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
