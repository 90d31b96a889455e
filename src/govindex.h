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

#endif							/* GOVINDEX_H */
