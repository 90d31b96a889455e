-- govindex 0.2.0 -> 0.3.0, frozen with the 0.3.0 release: trust.  Daily summaries
-- that never lose a committed write, every name in every function body resolved in
-- pg_catalog or govindex whatever the caller's search_path, bookkeeping triggers on
-- every dossier partition, and hostile input refused with an error.
\echo Use "ALTER EXTENSION govindex UPDATE TO '0.3.0'" to load this file. \quit
