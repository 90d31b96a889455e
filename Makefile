# govindex — PGXS build.  The version is written once, in govindex.control.
EXTENSION  = govindex
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(srcdir)/$(EXTENSION).control)
# Paths are relative to $(srcdir), which PGXS sets: "." in the source tree, the source
# directory in a VPATH build (Debian's pg_buildext builds in build-15/).

MODULE_big = $(EXTENSION)
OBJS       = $(patsubst $(srcdir)/%.c,%.o,$(wildcard $(srcdir)/src/*.c))

# The install script is the concatenation of each concern's SQL, in dependency order:
# first the guard of the schema it installs into, last the pass that gives the data to
# the extension's owner.
SQL_PIECES = src/install_guard.sql \
             src/rate.sql \
             src/arguments.sql \
             src/units.sql \
             src/access.sql \
             src/procedures.sql \
             src/portal_catalogue.sql \
             src/publications.sql \
             src/dossiers.sql \
             src/portal_records.sql \
             src/portal_files.sql \
             src/petitions.sql \
             src/holidays.sql \
             src/workcal.sql \
             src/deadlines.sql \
             src/methodology.sql \
             src/scoring.sql \
             src/dossier_stats.sql \
             src/dossier_parts.sql \
             src/due_dates.sql \
             src/citus.sql \
             src/dossier_days.sql \
             src/federation.sql \
             src/unit_stats.sql \
             src/late_dossiers.sql \
             src/index766.sql \
             src/readings.sql \
             src/readings_trust.sql \
             src/composite.sql \
             src/composite_views.sql \
             src/bi.sql \
             src/roles.sql \
             src/ownership.sql

DATA_built = $(EXTENSION)--$(EXTVERSION).sql
# Released install scripts and the upgrade scripts between releases, frozen in upgrade/,
# and the control files that keep the released versions, whose scripts lack the schema
# guard, untrusted (a superuser must install them).
DATA       = $(patsubst $(srcdir)/%,%,$(wildcard $(srcdir)/upgrade/$(EXTENSION)--*.sql $(srcdir)/upgrade/$(EXTENSION)--*.control))
EXTRA_CLEAN = $(DATA_built) test/sanitize/options.o

REGRESS      = $(patsubst $(srcdir)/sql/%.sql,%,$(sort $(wildcard $(srcdir)/sql/*.sql)))
REGRESS_OPTS = --load-extension=$(EXTENSION)

PG_CPPFLAGS = -I$(srcdir)/src
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
# `make ASSERTS=1`: compile our Assert()s in, even against a server built without them.
ifdef ASSERTS
PG_CPPFLAGS += -DUSE_ASSERT_CHECKING
endif

# `make SANITIZE=1`: UndefinedBehaviorSanitizer, stopping at the first report;
# `make SANITIZE=address`: AddressSanitizer as well.  The runtimes are dependencies of
# govindex.so, so a stock server loads them; their options are compiled in
# (test/sanitize/options.c says why).  scripts/sanitize runs the tests on such a build.
ifdef SANITIZE
SANITIZERS  = undefined
ifeq ($(SANITIZE),address)
# Stack checks off: an ERROR longjmps over our frames, and a runtime that is not the
# first library cannot intercept longjmp to clear their poisoned stack (false reports).
SANITIZERS  = undefined,address
PG_CFLAGS  += --param asan-stack=0
endif
OBJS       += test/sanitize/options.o
PG_CFLAGS  += -fsanitize=$(SANITIZERS) -fno-sanitize-recover=all -fno-omit-frame-pointer -g
SHLIB_LINK += -fsanitize=$(SANITIZERS)
endif

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Each piece goes through src/dossier_inputs.awk, which writes the input columns of the
# dossier_stats aggregates (src/dossier_inputs.h, the one list) where a piece says
# @dossier_inputs:...@; every other line passes unchanged.
DOSSIER_INPUTS = src/dossier_inputs.h src/dossier_inputs.awk

$(DATA_built): $(SQL_PIECES) $(DOSSIER_INPUTS) $(EXTENSION).control
	{ echo "-- $(EXTENSION) $(EXTVERSION): generated from src/*.sql by make; do not edit."; \
	  printf '%s\n' '\echo Use "CREATE EXTENSION $(EXTENSION)" to load this file. \quit'; \
	  for f in $(SQL_PIECES); do echo; echo "-- ---- $$f"; \
	      awk -f $(srcdir)/src/dossier_inputs.awk $(srcdir)/src/dossier_inputs.h $(srcdir)/$$f || exit 1; \
	  done; } > $@ || { rm -f $@; exit 1; }

# A VPATH build writes the objects to src/ of the build directory.
ifneq ($(srcdir),.)
$(shell mkdir -p src)
endif

$(OBJS): src/govindex.h
src/dossier_stats.o: src/dossier_inputs.h
