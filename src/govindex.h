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

/* Characters of an input value quoted in an error message; longer values are cut. */
#define GOVINDEX_QUOTE_MAX		100

/* input for a message: its first GOVINDEX_QUOTE_MAX characters, then "..." when cut. */
extern char *govindex_quote(const char *input);

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
