/*
 * govindex.c — the module itself: the one magic block of govindex.so, and the
 * few helpers every concern shares.  Each concern (rate, ...) lives in its own
 * file beside its SQL.
 */
#include "govindex.h"

#include "mb/pg_wchar.h"

PG_MODULE_MAGIC;

/*
 * Input as quoted in a message: at most GOVINDEX_QUOTE_MAX characters, cut on
 * a character boundary and marked "..." when cut, so that a huge value never
 * makes a huge message (the detail says where in the value the problem lies).
 */
char *
govindex_quote(const char *input)
{
	int			len = strlen(input);
	int			cut;

	if (pg_mbstrlen_with_len(input, len) <= GOVINDEX_QUOTE_MAX)
		return pstrdup(input);
	cut = pg_mbcharcliplen(input, len, GOVINDEX_QUOTE_MAX);
	return psprintf("%.*s...", cut, input);
}
