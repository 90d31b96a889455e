/*
 * rate.c — the rate type: an exact share numerator/denominator.
 *
 * Both parts are int8 with 0 <= numerator <= denominator; 0/0 is the empty
 * rate.  Rates add part by part, so per-unit rates roll up exactly into their
 * parent's rate; the aggregates rate_agg(bool) and sum(rate) keep a rate as
 * their state (not internal) so that they combine in parallel plans and on
 * distributed shards.
 */
#include "govindex.h"

#include <float.h>
#include <math.h>

#include "common/hashfn.h"
#include "common/int.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

StaticAssertDecl(sizeof(Rate) == 16, "rate is declared with INTERNALLENGTH = 16");

/* The wire form: version byte, numerator, denominator. */
#define RATE_WIRE_SIZE			(1 + 2 * (int) sizeof(int64))

/* percent() rounds to at most this many decimals: 100 * 10^15 fits in uint64. */
#define RATE_PERCENT_MAX_DIGITS	GOVINDEX_MAX_DIGITS

#define RATE_SYNTAX_HINT		"A rate is written numerator/denominator, e.g. 967020/1925307."
#define RATE_SHARE_HINT			"A rate is a share: 0 <= numerator <= denominator."

/* A syntax error in a rate's text form at p (govindex_syntax_error). */
#define RateSyntaxError(str, p, expected) \
	govindex_syntax_error("rate", RATE_SYNTAX_HINT, (str), (p), (expected))

/* Raise 22003 unless 0 <= numerator <= denominator; input is the text form being read, or NULL. */
static void
RateCheck(int64 numerator, int64 denominator, const char *input)
{
	char	   *shown;

	if (numerator >= 0 && denominator >= 0 && numerator <= denominator)
		return;

	/* text input is quoted as written; values from elsewhere are shown as n/d */
	if (input != NULL)
		shown = psprintf("\"%s\"", govindex_quote(input));
	else
		shown = psprintf(INT64_FORMAT "/" INT64_FORMAT, numerator, denominator);

	if (numerator < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rate numerator must not be negative: %s", shown),
				 errhint(RATE_SHARE_HINT)));
	if (denominator < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rate denominator must not be negative: %s", shown),
				 errhint(RATE_SHARE_HINT)));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("rate numerator exceeds its denominator: %s", shown),
			 errdetail("The numerator " INT64_FORMAT " is greater than the denominator " INT64_FORMAT ".",
					   numerator, denominator),
			 errhint(RATE_SHARE_HINT)));
}

/*
 * Read one part (digits only) of the text form starting at p; returns the end.
 * Overflow is only flagged, so that a syntax error further on is reported first.
 */
static const char *
RateParsePart(const char *str, const char *p, bool is_numerator,
			  int64 *value, bool *overflow)
{
	/* a sign is not rate syntax, but "-1/2" deserves a clearer word than "syntax" */
	if (*p == '-' && govindex_is_digit(p[1]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 is_numerator ?
				 errmsg("rate numerator must not be negative: \"%s\"", govindex_quote(str)) :
				 errmsg("rate denominator must not be negative: \"%s\"", govindex_quote(str)),
				 errdetail("Found \"-\" at character %d.", govindex_char_position(str, p)),
				 errhint(RATE_SHARE_HINT)));

	if (!govindex_is_digit(*p))
		RateSyntaxError(str, p, "a digit");

	*value = 0;
	*overflow = false;
	for (; govindex_is_digit(*p); p++)
	{
		if (!*overflow &&
			(pg_mul_s64_overflow(*value, 10, value) ||
			 pg_add_s64_overflow(*value, *p - '0', value)))
			*overflow = true;
	}
	return p;
}

Rate *
rate_make(int64 numerator, int64 denominator)
{
	Rate	   *result;

	RateCheck(numerator, denominator, NULL);
	result = (Rate *) palloc(RATE_SIZE);
	result->numerator = numerator;
	result->denominator = denominator;
	return result;
}

void
rate_accumulate(Rate *a, const Rate *b)
{
	int64		numerator;
	int64		denominator;

	/* sum into locals first: on overflow a must be left as it was */
	if (pg_add_s64_overflow(a->numerator, b->numerator, &numerator) ||
		pg_add_s64_overflow(a->denominator, b->denominator, &denominator))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("rate out of range"),
				 errdetail("The sum of " INT64_FORMAT "/" INT64_FORMAT " and " INT64_FORMAT "/" INT64_FORMAT
						   " does not fit in bigint.",
						   a->numerator, a->denominator, b->numerator, b->denominator)));
	a->numerator = numerator;
	a->denominator = denominator;
}

/* Total order: 0/0 first, then by value, equal values by denominator (1/2 < 2/4). */
static int
RateCmp(const Rate *a, const Rate *b)
{
	int128		left;
	int128		right;

	if (a->denominator == 0 || b->denominator == 0)
		return (a->denominator != 0) - (b->denominator != 0);

	/* a/b < c/d  <=>  a*d < c*b, exact in 128 bits since denominators are positive */
	left = (int128) a->numerator * b->denominator;
	right = (int128) b->numerator * a->denominator;
	if (left != right)
		return left < right ? -1 : 1;
	if (a->denominator != b->denominator)
		return a->denominator < b->denominator ? -1 : 1;
	return 0;
}

/*
 * Round x >= 0 half up to the given number of decimals, deciding on the exact
 * binary value of x as JavaScript's toFixed does; returns x * 10^digits rounded.
 * Correct while that result fits in uint64 (x <= ~100 for a percent).  The
 * portal rounds its percents and its scores this way.
 */
uint64
round_half_up_scaled(double x, int digits)
{
	int			exponent;
	uint64		mantissa;
	uint128		product;
	uint128		remainder;
	int			shift;

	Assert(x >= 0 && digits >= 0 && digits <= RATE_PERCENT_MAX_DIGITS);

	/* x = mantissa * 2^exponent exactly, mantissa an integer below 2^53 */
	mantissa = (uint64) ldexp(frexp(x, &exponent), DBL_MANT_DIG);
	exponent -= DBL_MANT_DIG;

	/* below 2^53 * 10^15 < 2^103: no overflow */
	product = (uint128) mantissa * govindex_powers_of_ten[digits];

	if (exponent >= 0)
		return (uint64) (product << exponent);

	shift = -exponent;
	/* product < 2^103 <= half of 2^shift: rounds to 0 */
	if (shift >= 104)
		return 0;

	remainder = product & ((((uint128) 1) << shift) - 1);
	product >>= shift;
	if (remainder >= ((uint128) 1) << (shift - 1))
		product++;
	return (uint64) product;
}

/* scaled / 10^digits as a numeric with exactly `digits` decimals (40.00). */
Datum
scaled_to_numeric(uint64 scaled, int digits)
{
	uint64		scale = govindex_powers_of_ten[digits];
	char	   *text;

	Assert(digits >= 0 && digits <= RATE_PERCENT_MAX_DIGITS);
	if (digits == 0)
		text = psprintf("%llu", (unsigned long long) scaled);
	else
		text = psprintf("%llu.%0*llu", (unsigned long long) (scaled / scale),
						digits, (unsigned long long) (scaled % scale));
	/* through text, so that the numeric keeps its decimals */
	return DirectFunctionCall3(numeric_in, CStringGetDatum(text),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

PG_FUNCTION_INFO_V1(rate_in);
Datum
rate_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	int64		numerator;
	int64		denominator;
	bool		numerator_overflow;
	bool		denominator_overflow;
	Rate	   *result;

	while (govindex_is_space(*p))
		p++;
	p = RateParsePart(str, p, true, &numerator, &numerator_overflow);
	if (*p != '/')
		RateSyntaxError(str, p, "\"/\"");
	p++;
	p = RateParsePart(str, p, false, &denominator, &denominator_overflow);
	while (govindex_is_space(*p))
		p++;
	if (*p != '\0')
		RateSyntaxError(str, p, NULL);

	if (numerator_overflow || denominator_overflow)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range for type rate: \"%s\"", govindex_quote(str)),
				 numerator_overflow ?
				 errdetail("The numerator is greater than " INT64_FORMAT ", the largest bigint.",
						   PG_INT64_MAX) :
				 errdetail("The denominator is greater than " INT64_FORMAT ", the largest bigint.",
						   PG_INT64_MAX)));

	RateCheck(numerator, denominator, str);

	result = (Rate *) palloc(RATE_SIZE);
	result->numerator = numerator;
	result->denominator = denominator;
	PG_RETURN_RATE_P(result);
}

PG_FUNCTION_INFO_V1(rate_out);
Datum
rate_out(PG_FUNCTION_ARGS)
{
	Rate	   *r = PG_GETARG_RATE_P(0);

	PG_RETURN_CSTRING(psprintf(INT64_FORMAT "/" INT64_FORMAT, r->numerator, r->denominator));
}

PG_FUNCTION_INFO_V1(rate_recv);
Datum
rate_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			length = buf->len - buf->cursor;
	int			version;
	int64		numerator;
	int64		denominator;

	/* checked here: pq_getmsg* would report a short message as a protocol violation */
	if (length < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type rate"),
				 errdetail("The value is empty; expected %d bytes.", RATE_WIRE_SIZE)));

	version = pq_getmsgbyte(buf);
	if (version != RATE_WIRE_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type rate", version),
				 errdetail("This version of govindex reads version %d.", RATE_WIRE_VERSION)));

	if (length != RATE_WIRE_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type rate"),
				 errdetail("Expected %d bytes, got %d.", RATE_WIRE_SIZE, length)));

	numerator = pq_getmsgint64(buf);
	denominator = pq_getmsgint64(buf);

	/* bytes from outside are trusted no more than text */
	PG_RETURN_RATE_P(rate_make(numerator, denominator));
}

PG_FUNCTION_INFO_V1(rate_send);
Datum
rate_send(PG_FUNCTION_ARGS)
{
	Rate	   *r = PG_GETARG_RATE_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, RATE_WIRE_VERSION);
	pq_sendint64(&buf, r->numerator);
	pq_sendint64(&buf, r->denominator);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(rate_construct);
Datum
rate_construct(PG_FUNCTION_ARGS)
{
	PG_RETURN_RATE_P(rate_make(PG_GETARG_INT64(0), PG_GETARG_INT64(1)));
}

PG_FUNCTION_INFO_V1(rate_numerator);
Datum
rate_numerator(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_RATE_P(0)->numerator);
}

PG_FUNCTION_INFO_V1(rate_denominator);
Datum
rate_denominator(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_RATE_P(0)->denominator);
}

PG_FUNCTION_INFO_V1(rate_ratio);
Datum
rate_ratio(PG_FUNCTION_ARGS)
{
	Rate	   *r = PG_GETARG_RATE_P(0);

	/* nothing was counted: there is no share, not a share of 0 */
	if (r->denominator == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) r->numerator / (double) r->denominator);
}

PG_FUNCTION_INFO_V1(rate_percent);
Datum
rate_percent(PG_FUNCTION_ARGS)
{
	Rate	   *r = PG_GETARG_RATE_P(0);
	int32		digits = PG_GETARG_INT32(1);
	double		percent;

	if (digits < 0 || digits > RATE_PERCENT_MAX_DIGITS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("percent digits must be between 0 and %d, not %d",
						RATE_PERCENT_MAX_DIGITS, digits)));

	if (r->denominator == 0)
		PG_RETURN_NULL();

	/* the portal's own arithmetic, in double, then toFixed(digits) */
	percent = 100.0 * (double) r->numerator / (double) r->denominator;
	PG_RETURN_DATUM(scaled_to_numeric(round_half_up_scaled(percent, digits), digits));
}

PG_FUNCTION_INFO_V1(rate_to_numeric);
Datum
rate_to_numeric(PG_FUNCTION_ARGS)
{
	Rate	   *r = PG_GETARG_RATE_P(0);

	if (r->denominator == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										NumericGetDatum(int64_to_numeric(r->numerator)),
										NumericGetDatum(int64_to_numeric(r->denominator))));
}

PG_FUNCTION_INFO_V1(rate_add);
Datum
rate_add(PG_FUNCTION_ARGS)
{
	Rate	   *result = (Rate *) palloc(RATE_SIZE);

	*result = *PG_GETARG_RATE_P(0);
	rate_accumulate(result, PG_GETARG_RATE_P(1));
	PG_RETURN_RATE_P(result);
}

/* The state to update: the argument itself inside an aggregate, else a copy. */
static Rate *
RateState(FunctionCallInfo fcinfo)
{
	Rate	   *state = PG_GETARG_RATE_P(0);
	Rate	   *copy;

	/* the aggregate owns its state (in its own memory context): update in place */
	if (AggCheckCallContext(fcinfo, NULL))
		return state;

	copy = (Rate *) palloc(RATE_SIZE);
	*copy = *state;
	return copy;
}

PG_FUNCTION_INFO_V1(rate_agg_transfn);
Datum
rate_agg_transfn(PG_FUNCTION_ARGS)
{
	Rate	   *state = RateState(fcinfo);
	Rate		one;

	one.numerator = PG_GETARG_BOOL(1) ? 1 : 0;
	one.denominator = 1;
	rate_accumulate(state, &one);
	PG_RETURN_RATE_P(state);
}

PG_FUNCTION_INFO_V1(rate_combine);
Datum
rate_combine(PG_FUNCTION_ARGS)
{
	Rate	   *state = RateState(fcinfo);

	rate_accumulate(state, PG_GETARG_RATE_P(1));
	PG_RETURN_RATE_P(state);
}

PG_FUNCTION_INFO_V1(rate_cmp);
Datum
rate_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(RateCmp(PG_GETARG_RATE_P(0), PG_GETARG_RATE_P(1)));
}

PG_FUNCTION_INFO_V1(rate_eq);
Datum
rate_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(RateCmp(PG_GETARG_RATE_P(0), PG_GETARG_RATE_P(1)) == 0);
}

PG_FUNCTION_INFO_V1(rate_ne);
Datum
rate_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(RateCmp(PG_GETARG_RATE_P(0), PG_GETARG_RATE_P(1)) != 0);
}

PG_FUNCTION_INFO_V1(rate_lt);
Datum
rate_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(RateCmp(PG_GETARG_RATE_P(0), PG_GETARG_RATE_P(1)) < 0);
}

PG_FUNCTION_INFO_V1(rate_le);
Datum
rate_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(RateCmp(PG_GETARG_RATE_P(0), PG_GETARG_RATE_P(1)) <= 0);
}

PG_FUNCTION_INFO_V1(rate_gt);
Datum
rate_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(RateCmp(PG_GETARG_RATE_P(0), PG_GETARG_RATE_P(1)) > 0);
}

PG_FUNCTION_INFO_V1(rate_ge);
Datum
rate_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(RateCmp(PG_GETARG_RATE_P(0), PG_GETARG_RATE_P(1)) >= 0);
}

PG_FUNCTION_INFO_V1(rate_hash);
Datum
rate_hash(PG_FUNCTION_ARGS)
{
	/* equal rates have equal parts, and the struct has no padding */
	return hash_any((const unsigned char *) PG_GETARG_RATE_P(0), RATE_SIZE);
}

PG_FUNCTION_INFO_V1(rate_hash_extended);
Datum
rate_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((const unsigned char *) PG_GETARG_RATE_P(0), RATE_SIZE,
							 PG_GETARG_INT64(1));
}
