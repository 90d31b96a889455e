/*
 * govindex.h — declarations shared by govindex's C files, and the few
 * PostgreSQL-version shims they need.  No planner or catalog internals here.
 */
#ifndef GOVINDEX_H
#define GOVINDEX_H

#include "postgres.h"
#include "fmgr.h"

#if PG_VERSION_NUM < 150000
#error "govindex needs PostgreSQL 15 or later"
#endif

/* Exact products and quotients of int8 values (rate.c, scoring.c, composite.c). */
#ifndef HAVE_INT128
#error "govindex needs a compiler with a 128-bit integer type"
#endif

/* Characters of an input value quoted in an error message; longer values are cut. */
#define GOVINDEX_QUOTE_MAX		100

/* input for a message: its first GOVINDEX_QUOTE_MAX characters, then "..." when cut. */
extern char *govindex_quote(const char *input);

/*
 * ---- text forms: what the input functions of rate and score_total share ------
 */

/* Whitespace allowed around a text form and between its parts, the set allowed around numbers. */
static inline bool
govindex_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* An ASCII digit; isdigit() would depend on the locale. */
static inline bool
govindex_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* 1-based character (not byte) position of p in str, for error details. */
extern int	govindex_char_position(const char *str, const char *p);

/*
 * Raise 22P02, invalid input syntax for type type_name, for the text str at p
 * (a pointer into str): expected names what should stand there, or NULL if
 * nothing should; hint says how the type is written.
 */
extern void govindex_syntax_error(const char *type_name, const char *hint, const char *str,
								  const char *p, const char *expected) pg_attribute_noreturn();

/* The most decimals a value is rounded to (percent(), score_percent(), ...): 100 * 10^15 fits in uint64. */
#define GOVINDEX_MAX_DIGITS		15

/* 10^k for k = 0 .. GOVINDEX_MAX_DIGITS. */
extern const uint64 govindex_powers_of_ten[GOVINDEX_MAX_DIGITS + 1];

/*
 * rate — an exact share numerator/denominator with 0 <= numerator <= denominator.
 * 0/0 is the empty rate (nothing to count).  Fixed length, passed by reference;
 * the on-disk form is this struct, the wire form (send/recv) is versioned.
 */
typedef struct Rate
{
	int64		numerator;
	int64		denominator;
} Rate;

#define RATE_SIZE				sizeof(Rate)
#define RATE_WIRE_VERSION		1

#define DatumGetRateP(X)		((Rate *) DatumGetPointer(X))
#define RatePGetDatum(X)		PointerGetDatum(X)
#define PG_GETARG_RATE_P(n)		DatumGetRateP(PG_GETARG_DATUM(n))
#define PG_RETURN_RATE_P(x)		return RatePGetDatum(x)

/* Allocate a rate in the current memory context, checking the invariants. */
extern Rate *rate_make(int64 numerator, int64 denominator);

/* Add b into a (numerators and denominators), raising 22003 on overflow. */
extern void rate_accumulate(Rate *a, const Rate *b);

/*
 * x >= 0 rounded half up to digits (0..15) decimals on its exact binary value,
 * as JavaScript's toFixed and so the national portal round: x * 10^digits.
 */
extern uint64 round_half_up_scaled(double x, int digits);

/* scaled / 10^digits as a numeric with exactly that many decimals. */
extern Datum scaled_to_numeric(uint64 scaled, int digits);

/*
 * ---- composite.c: score_total ------------------------------------------------
 * Points achieved out of a maximum, for composite indices (PAR Index, PCI, DTI).
 * Every field is in ten-thousandths of a point (SCORE_TOTAL_UNIT); all are >= 0
 * and achieved <= maximum.  achieved is before deductions; the points a state
 * reports are max(0, achieved - deducted).  weight is the sum of the weights of
 * weighted_score() rows (0 for plain scores).  Fixed length, passed by
 * reference; the wire form (send/recv) is versioned.
 */
typedef struct ScoreTotal
{
	int64		achieved;
	int64		deducted;
	int64		maximum;
	int64		weight;
} ScoreTotal;

#define SCORE_TOTAL_SIZE			sizeof(ScoreTotal)
#define SCORE_TOTAL_DECIMALS		4
#define SCORE_TOTAL_UNIT			INT64CONST(10000)
#define SCORE_TOTAL_WIRE_VERSION	1

#define DatumGetScoreTotalP(X)		((ScoreTotal *) DatumGetPointer(X))
#define ScoreTotalPGetDatum(X)		PointerGetDatum(X)
#define PG_GETARG_SCORE_TOTAL_P(n)	DatumGetScoreTotalP(PG_GETARG_DATUM(n))
#define PG_RETURN_SCORE_TOTAL_P(x)	return ScoreTotalPGetDatum(x)
/* ---- end of composite.c ------------------------------------------------------ */

#endif							/* GOVINDEX_H */
