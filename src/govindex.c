/*
 * govindex.c — the module itself: the one magic block of govindex.so.
 * Each concern (rate, ...) lives in its own file beside its SQL.
 */
#include "govindex.h"

PG_MODULE_MAGIC;
