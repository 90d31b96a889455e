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

const uint64 govindex_powers_of_ten[GOVINDEX_MAX_DIGITS + 1] = {
	UINT64CONST(1), UINT64CONST(10), UINT64CONST(100), UINT64CONST(1000),
	UINT64CONST(10000), UINT64CONST(100000), UINT64CONST(1000000),
	UINT64CONST(10000000), UINT64CONST(100000000), UINT64CONST(1000000000),
	UINT64CONST(10000000000), UINT64CONST(100000000000),
	UINT64CONST(1000000000000), UINT64CONST(10000000000000),
	UINT64CONST(100000000000000), UINT64CONST(1000000000000000)
};

int
govindex_char_position(const char *str, const char *p)
{
	return pg_mbstrlen_with_len(str, p - str) + 1;
}

void
govindex_syntax_error(const char *type_name, const char *hint, const char *str,
					  const char *p, const char *expected)
{
	int			position = govindex_char_position(str, p);
	char	   *found = NULL;

	/* a whole (possibly multibyte) character, so that the message stays valid text */
	if (*p != '\0')
		found = pnstrdup(p, Min(pg_mblen(p), (int) strlen(p)));

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", type_name, govindex_quote(str)),
			 expected == NULL ?
			 errdetail("Unexpected character \"%s\" at character %d.", found, position) :
			 found == NULL ?
			 errdetail("Expected %s at character %d.", expected, position) :
			 errdetail("Expected %s at character %d, found \"%s\".", expected, position, found),
			 errhint("%s", hint)));
}
