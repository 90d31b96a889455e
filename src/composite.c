/*
 * composite.c — the score_total type: points achieved out of a maximum, the
 * state of every composite index (PAR Index, PCI, DTI, a province's own
 * internal indices).
 *
 * A criterion contributes its points, capped at its maximum, and its maximum;
 * a not-applicable criterion contributes nothing (so it leaves the maximum
 * too); deductions (điểm trừ) are kept apart and subtracted when the points are
 * read, never below 0.  States add field by field, so a criterion's state is the
 * sum of its sub-criteria's, an index's the sum of its fields', and several
 * units' the sum of theirs.  Weighted indices (PCI) add weight × value and
 * weight × maximum, so that the percent is the weighted mean; the weights are
 * summed too, for weighted_mean().
 *
 * Every field is an int8 count of ten-thousandths of a point, exact: scores are
 * entered with at most 2 decimals, maxima and weights with a few more.
 * Numeric arguments are rounded half up to 4 decimals (and so is each weighted
 * product); the text form takes at most 4 decimals and refuses more.
 *
 * Text form: achieved/maximum, then " deducted=D" and " weight=W" when they are
 * not 0, e.g. "85.41/100", "90/100 deducted=2.5", "6.5923/10 weight=1".
 * Binary form: a version byte (1), then achieved, deducted, maximum and weight
 * as big-endian int8; recv re-checks every invariant.
 */
#include "govindex.h"

#include "common/int.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

StaticAssertDecl(sizeof(ScoreTotal) == 32, "score_total is declared with INTERNALLENGTH = 32");

/* The wire form: version byte and four int8 fields. */
#define SCORE_TOTAL_WIRE_SIZE		(1 + 4 * (int) sizeof(int64))

/* score_percent(), score_value() and weighted_mean() round to at most this many decimals. */
#define SCORE_TOTAL_MAX_DIGITS		GOVINDEX_MAX_DIGITS

#define SCORE_TOTAL_SYNTAX_HINT \
	"A score_total is written achieved/maximum with at most 4 decimals, optionally followed by deducted=D and weight=W, e.g. 85.41/100 or 90/100 deducted=2.5."
#define SCORE_TOTAL_RANGE_HINT \
	"Points, deductions and weights are at least 0 and at most 922337203685477.5807; achieved points are at most the maximum."

/* What parsing a numeric's text gave. */
typedef enum ScorePoints
{
	SCORE_POINTS_OK,
	SCORE_POINTS_NEGATIVE,
	SCORE_POINTS_NOT_FINITE,
	SCORE_POINTS_OUT_OF_RANGE
} ScorePoints;

/* A syntax error in a score_total's text form at p (govindex_syntax_error). */
#define ScoreSyntaxError(str, p, expected) \
	govindex_syntax_error("score_total", SCORE_TOTAL_SYNTAX_HINT, (str), (p), (expected))

/* Append v ten-thousandths as a decimal without trailing zeros: 854100 -> 85.41. */
static void
ScoreAppendPoints(StringInfo buf, int64 v)
{
	/* negative only in messages about bad binary input; INT64_MIN has no int64 opposite */
	uint64		magnitude = v < 0 ? -(uint64) v : (uint64) v;
	uint64		fraction = magnitude % SCORE_TOTAL_UNIT;
	int			digits = SCORE_TOTAL_DECIMALS;

	appendStringInfo(buf, "%s%llu", v < 0 ? "-" : "", (unsigned long long) (magnitude / SCORE_TOTAL_UNIT));
	if (fraction == 0)
		return;
	while (fraction % 10 == 0)
	{
		fraction /= 10;
		digits--;
	}
	appendStringInfo(buf, ".%0*llu", digits, (unsigned long long) fraction);
}

/* v ten-thousandths as text, e.g. for messages. */
static char *
ScorePointsText(int64 v)
{
	StringInfoData buf;

	initStringInfo(&buf);
	ScoreAppendPoints(&buf, v);
	return buf.data;
}

/* v ten-thousandths as a numeric without trailing zeros (85.41, 100). */
static Datum
ScorePointsNumeric(int64 v)
{
	return DirectFunctionCall3(numeric_in, CStringGetDatum(ScorePointsText(v)),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/*
 * Read one number of the text form (digits, then at most 4 decimals) at p;
 * returns its end.  Overflow is only flagged, so that a syntax error further
 * on is reported first.
 */
static const char *
ScoreParseNumber(const char *str, const char *p, const char *what, int64 *value, bool *overflow)
{
	int			decimals = 0;

	/* a sign is not score_total syntax, but "-1/2" deserves a clearer word than "syntax" */
	if (*p == '-' && (govindex_is_digit(p[1]) || p[1] == '.'))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must not be negative: \"%s\"", what, govindex_quote(str)),
				 errdetail("Found \"-\" at character %d.", govindex_char_position(str, p)),
				 errhint(SCORE_TOTAL_RANGE_HINT)));

	if (!govindex_is_digit(*p))
		ScoreSyntaxError(str, p, "a digit");

	*value = 0;
	*overflow = false;
	for (; govindex_is_digit(*p); p++)
	{
		if (!*overflow &&
			(pg_mul_s64_overflow(*value, 10, value) ||
			 pg_add_s64_overflow(*value, *p - '0', value)))
			*overflow = true;
	}
	if (*p == '.')
	{
		p++;
		if (!govindex_is_digit(*p))
			ScoreSyntaxError(str, p, "a digit after the decimal point");
		for (; govindex_is_digit(*p); p++)
		{
			if (++decimals > SCORE_TOTAL_DECIMALS)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type score_total: \"%s\"", govindex_quote(str)),
						 errdetail("Found more than %d decimals in the %s at character %d.",
								   SCORE_TOTAL_DECIMALS, what, govindex_char_position(str, p)),
						 errhint(SCORE_TOTAL_SYNTAX_HINT)));
			if (!*overflow &&
				(pg_mul_s64_overflow(*value, 10, value) ||
				 pg_add_s64_overflow(*value, *p - '0', value)))
				*overflow = true;
		}
	}
	/* scale the integer read to ten-thousandths */
	for (; decimals < SCORE_TOTAL_DECIMALS; decimals++)
	{
		if (!*overflow && pg_mul_s64_overflow(*value, 10, value))
			*overflow = true;
	}
	return p;
}

/*
 * Read the text of a numeric (numeric_out's: optional "-", digits, optional
 * decimals; or NaN / Infinity) into ten-thousandths, rounded half up.
 */
static ScorePoints
ScoreNumericTextPoints(const char *s, int64 *value)
{
	const char *p = s;
	int			decimals = 0;
	bool		negative = false;

	if (*p == '-')
	{
		negative = true;
		p++;
	}
	if (!govindex_is_digit(*p))
		return SCORE_POINTS_NOT_FINITE;
	if (negative)
		return SCORE_POINTS_NEGATIVE;	/* numeric_out writes no "-0" */

	*value = 0;
	for (; govindex_is_digit(*p); p++)
	{
		if (pg_mul_s64_overflow(*value, 10, value) ||
			pg_add_s64_overflow(*value, *p - '0', value))
			return SCORE_POINTS_OUT_OF_RANGE;
	}
	if (*p == '.')
		p++;
	for (; decimals < SCORE_TOTAL_DECIMALS; decimals++)
	{
		int			digit = govindex_is_digit(*p) ? *p++ - '0' : 0;

		if (pg_mul_s64_overflow(*value, 10, value) ||
			pg_add_s64_overflow(*value, digit, value))
			return SCORE_POINTS_OUT_OF_RANGE;
	}
	/* half up on the exact decimal: the fifth decimal decides */
	if (govindex_is_digit(*p) && *p >= '5' &&
		pg_add_s64_overflow(*value, 1, value))
		return SCORE_POINTS_OUT_OF_RANGE;
	return SCORE_POINTS_OK;
}

/*
 * "The row has achieved A and maximum M." from nargs numeric arguments starting
 * at first (named achieved, maximum, weight), for error details.
 */
static char *
ScoreRowText(FunctionCallInfo fcinfo, int first, int nargs)
{
	static const char *const names[] = {"achieved", "maximum", "weight"};
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "The row has ");
	for (int i = 0; i < nargs; i++)
		appendStringInfo(&buf, "%s%s %s", i == 0 ? "" : (i == nargs - 1 ? " and " : ", "),
						 names[i],
						 govindex_quote(DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(first + i)))));
	appendStringInfoChar(&buf, '.');
	return buf.data;
}

/*
 * The numeric argument argno in ten-thousandths; 22003 naming it otherwise,
 * with the row's values (row_nargs arguments from the second) in the detail
 * when row_nargs > 0.
 */
static int64
ScoreArgPoints(FunctionCallInfo fcinfo, int argno, const char *what, int row_nargs)
{
	char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(argno)));
	int64		value = 0;
	ScorePoints status = ScoreNumericTextPoints(text, &value);

	if (status == SCORE_POINTS_OK)
		return value;
	text = govindex_quote(text);
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 status == SCORE_POINTS_NEGATIVE ?
			 errmsg("%s must not be negative: %s", what, text) :
			 status == SCORE_POINTS_NOT_FINITE ?
			 errmsg("%s must be a finite number: %s", what, text) :
			 errmsg("%s out of range for type score_total: %s", what, text),
			 row_nargs > 0 ? errdetail("%s", ScoreRowText(fcinfo, 1, row_nargs)) : 0,
			 errhint(SCORE_TOTAL_RANGE_HINT)));
	pg_unreachable();
}

/*
 * Raise 22003 unless every field is >= 0 and achieved <= maximum; input is the
 * text form being read, or NULL (the value is then shown in text form).
 */
static void
ScoreCheck(const ScoreTotal *s, const char *input)
{
	const char *shown;

	if (s->achieved >= 0 && s->deducted >= 0 && s->maximum >= 0 && s->weight >= 0 &&
		s->achieved <= s->maximum)
		return;

	if (input != NULL)
		shown = psprintf("\"%s\"", govindex_quote(input));
	else
		shown = psprintf("achieved %s, deducted %s, maximum %s, weight %s",
						 ScorePointsText(s->achieved), ScorePointsText(s->deducted),
						 ScorePointsText(s->maximum), ScorePointsText(s->weight));

	if (s->achieved < 0 || s->deducted < 0 || s->maximum < 0 || s->weight < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("score_total fields must not be negative: %s", shown),
				 errhint(SCORE_TOTAL_RANGE_HINT)));
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("achieved points exceed the maximum: %s", shown),
			 errdetail("%s points achieved out of a maximum of %s.",
					   ScorePointsText(s->achieved), ScorePointsText(s->maximum)),
			 errhint(SCORE_TOTAL_RANGE_HINT)));
}

/* Add b into a field by field, raising 22003 on overflow (a is left as it was). */
static void
ScoreAccumulate(ScoreTotal *a, const ScoreTotal *b)
{
	ScoreTotal	sum;

	if (pg_add_s64_overflow(a->achieved, b->achieved, &sum.achieved) ||
		pg_add_s64_overflow(a->deducted, b->deducted, &sum.deducted) ||
		pg_add_s64_overflow(a->maximum, b->maximum, &sum.maximum) ||
		pg_add_s64_overflow(a->weight, b->weight, &sum.weight))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("score_total out of range"),
				 errdetail("A field of the sum of %s/%s and %s/%s does not fit.",
						   ScorePointsText(a->achieved), ScorePointsText(a->maximum),
						   ScorePointsText(b->achieved), ScorePointsText(b->maximum)),
				 errhint(SCORE_TOTAL_RANGE_HINT)));
	*a = sum;
}

/* The points a state reports: achieved minus deductions, never below 0. */
static inline int64
ScoreNet(const ScoreTotal *s)
{
	return s->achieved > s->deducted ? s->achieved - s->deducted : 0;
}

/* Raise 22023 unless 0 <= digits <= SCORE_TOTAL_MAX_DIGITS. */
static void
ScoreCheckDigits(int32 digits)
{
	if (digits < 0 || digits > SCORE_TOTAL_MAX_DIGITS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("digits must be between 0 and %d, not %d", SCORE_TOTAL_MAX_DIGITS, digits)));
}

/*
 * numerator / denominator (both > 0 or numerator 0) rounded half up to digits
 * decimals, as a numeric with exactly that many; 22003 if it is too large.
 */
static Datum
ScoreRoundedQuotient(int128 numerator, int128 denominator, int digits, const char *what)
{
	int128		quotient;
	int128		remainder;

	Assert(denominator > 0 && numerator >= 0);
	quotient = numerator / denominator;
	remainder = numerator % denominator;
	if (remainder >= denominator - remainder)
		quotient++;
	if (quotient > (int128) PG_UINT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s out of range", what)));
	return scaled_to_numeric((uint64) quotient, digits);
}

/* a * b, raising 22003 naming what is computed if it does not fit in int128. */
static int128
ScoreMul128(int128 a, int128 b, const char *what)
{
	int128		product;

	if (__builtin_mul_overflow(a, b, &product))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s out of range", what)));
	return product;
}

/* A new state with the given fields, checked. */
static ScoreTotal *
ScoreMake(int64 achieved, int64 deducted, int64 maximum, int64 weight, const char *input)
{
	ScoreTotal	s;
	ScoreTotal *result;

	s.achieved = achieved;
	s.deducted = deducted;
	s.maximum = maximum;
	s.weight = weight;
	ScoreCheck(&s, input);
	result = (ScoreTotal *) palloc(SCORE_TOTAL_SIZE);
	*result = s;
	return result;
}

/* The state to update: the argument itself inside an aggregate, else a copy. */
static ScoreTotal *
ScoreState(FunctionCallInfo fcinfo)
{
	ScoreTotal *state = PG_GETARG_SCORE_TOTAL_P(0);
	ScoreTotal *copy;

	/* the aggregate owns its state (in its own memory context): update in place */
	if (AggCheckCallContext(fcinfo, NULL))
		return state;

	copy = (ScoreTotal *) palloc(SCORE_TOTAL_SIZE);
	*copy = *state;
	return copy;
}

PG_FUNCTION_INFO_V1(score_total_in);
Datum
score_total_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	int64		achieved;
	int64		maximum;
	int64		deducted = 0;
	int64		weight = 0;
	bool		overflow;
	bool		any_overflow = false;
	const char *first_overflow = NULL;

	while (govindex_is_space(*p))
		p++;
	p = ScoreParseNumber(str, p, "achieved points", &achieved, &overflow);
	if (overflow)
	{
		any_overflow = true;
		first_overflow = "achieved points";
	}
	if (*p != '/')
		ScoreSyntaxError(str, p, "\"/\"");
	p++;
	p = ScoreParseNumber(str, p, "maximum", &maximum, &overflow);
	if (overflow && !any_overflow)
	{
		any_overflow = true;
		first_overflow = "maximum";
	}

	/* optional parts, each once and in this order */
	for (int part = 0; part < 2; part++)
	{
		static const char *const keys[] = {"deducted=", "weight="};
		static const char *const names[] = {"deducted points", "weight"};
		const char *q = p;

		if (!govindex_is_space(*q))
			break;
		while (govindex_is_space(*q))
			q++;
		if (*q == '\0')
			break;
		if (strncmp(q, keys[part], strlen(keys[part])) != 0)
		{
			/* "weight=" where "deducted=" may stand: skip to the next part */
			if (part == 0 && strncmp(q, keys[1], strlen(keys[1])) == 0)
				continue;
			ScoreSyntaxError(str, q, part == 0 ? "\"deducted=\" or \"weight=\"" : "\"weight=\"");
		}
		q += strlen(keys[part]);
		p = ScoreParseNumber(str, q, names[part], part == 0 ? &deducted : &weight, &overflow);
		if (overflow && !any_overflow)
		{
			any_overflow = true;
			first_overflow = names[part];
		}
	}
	while (govindex_is_space(*p))
		p++;
	if (*p != '\0')
		ScoreSyntaxError(str, p, NULL);

	if (any_overflow)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range for type score_total: \"%s\"", govindex_quote(str)),
				 errdetail("Found a value above 922337203685477.5807 in the %s.", first_overflow),
				 errhint(SCORE_TOTAL_RANGE_HINT)));

	PG_RETURN_SCORE_TOTAL_P(ScoreMake(achieved, deducted, maximum, weight, str));
}

PG_FUNCTION_INFO_V1(score_total_out);
Datum
score_total_out(PG_FUNCTION_ARGS)
{
	ScoreTotal *s = PG_GETARG_SCORE_TOTAL_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	ScoreAppendPoints(&buf, s->achieved);
	appendStringInfoChar(&buf, '/');
	ScoreAppendPoints(&buf, s->maximum);
	if (s->deducted != 0)
	{
		appendStringInfoString(&buf, " deducted=");
		ScoreAppendPoints(&buf, s->deducted);
	}
	if (s->weight != 0)
	{
		appendStringInfoString(&buf, " weight=");
		ScoreAppendPoints(&buf, s->weight);
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(score_total_recv);
Datum
score_total_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			length = buf->len - buf->cursor;
	int			version;
	int64		achieved;
	int64		deducted;
	int64		maximum;
	int64		weight;

	/* checked here: pq_getmsg* would report a short message as a protocol violation */
	if (length < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type score_total"),
				 errdetail("The value is empty; expected %d bytes.", SCORE_TOTAL_WIRE_SIZE)));

	version = pq_getmsgbyte(buf);
	if (version != SCORE_TOTAL_WIRE_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type score_total", version),
				 errdetail("This version of govindex reads version %d.", SCORE_TOTAL_WIRE_VERSION)));

	if (length != SCORE_TOTAL_WIRE_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type score_total"),
				 errdetail("Expected %d bytes, got %d.", SCORE_TOTAL_WIRE_SIZE, length)));

	achieved = pq_getmsgint64(buf);
	deducted = pq_getmsgint64(buf);
	maximum = pq_getmsgint64(buf);
	weight = pq_getmsgint64(buf);

	/* bytes from outside are trusted no more than text */
	PG_RETURN_SCORE_TOTAL_P(ScoreMake(achieved, deducted, maximum, weight, NULL));
}

PG_FUNCTION_INFO_V1(score_total_send);
Datum
score_total_send(PG_FUNCTION_ARGS)
{
	ScoreTotal *s = PG_GETARG_SCORE_TOTAL_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SCORE_TOTAL_WIRE_VERSION);
	pq_sendint64(&buf, s->achieved);
	pq_sendint64(&buf, s->deducted);
	pq_sendint64(&buf, s->maximum);
	pq_sendint64(&buf, s->weight);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(make_score_total);
Datum
make_score_total(PG_FUNCTION_ARGS)
{
	int64		achieved = ScoreArgPoints(fcinfo, 0, "achieved points", 0);
	int64		maximum = ScoreArgPoints(fcinfo, 1, "maximum", 0);
	int64		deducted = ScoreArgPoints(fcinfo, 2, "deducted points", 0);
	int64		weight = ScoreArgPoints(fcinfo, 3, "weight", 0);

	PG_RETURN_SCORE_TOTAL_P(ScoreMake(achieved, deducted, maximum, weight, NULL));
}

PG_FUNCTION_INFO_V1(score_total_achieved);
Datum
score_total_achieved(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(ScorePointsNumeric(ScoreNet(PG_GETARG_SCORE_TOTAL_P(0))));
}

PG_FUNCTION_INFO_V1(score_total_deducted);
Datum
score_total_deducted(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(ScorePointsNumeric(PG_GETARG_SCORE_TOTAL_P(0)->deducted));
}

PG_FUNCTION_INFO_V1(score_total_maximum);
Datum
score_total_maximum(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(ScorePointsNumeric(PG_GETARG_SCORE_TOTAL_P(0)->maximum));
}

PG_FUNCTION_INFO_V1(score_total_weight);
Datum
score_total_weight(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(ScorePointsNumeric(PG_GETARG_SCORE_TOTAL_P(0)->weight));
}

PG_FUNCTION_INFO_V1(score_total_percent);
Datum
score_total_percent(PG_FUNCTION_ARGS)
{
	ScoreTotal *s = PG_GETARG_SCORE_TOTAL_P(0);
	int32		digits = PG_GETARG_INT32(1);

	ScoreCheckDigits(digits);
	/* nothing applicable: there is no percent, not a percent of 0 */
	if (s->maximum == 0)
		PG_RETURN_NULL();
	/* 100 * net * 10^15 < 2^7 * 2^63 * 2^50: fits */
	PG_RETURN_DATUM(ScoreRoundedQuotient((int128) 100 * ScoreNet(s) * (int64) govindex_powers_of_ten[digits],
										 s->maximum, digits, "percent"));
}

PG_FUNCTION_INFO_V1(score_total_value);
Datum
score_total_value(PG_FUNCTION_ARGS)
{
	ScoreTotal *s = PG_GETARG_SCORE_TOTAL_P(0);
	int32		digits = PG_GETARG_INT32(2);
	int64		scale;
	char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(1)));
	int128		numerator;

	ScoreCheckDigits(digits);
	if (ScoreNumericTextPoints(text, &scale) != SCORE_POINTS_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scale must be a number of points from 0 to 922337203685477.5807, not %s", govindex_quote(text))));
	if (s->maximum == 0)
		PG_RETURN_NULL();
	/* scale * net / maximum, scale in ten-thousandths */
	numerator = ScoreMul128(ScoreMul128(scale, ScoreNet(s), "score_value"),
							(int64) govindex_powers_of_ten[digits], "score_value");
	PG_RETURN_DATUM(ScoreRoundedQuotient(numerator, (int128) s->maximum * SCORE_TOTAL_UNIT,
										 digits, "score_value"));
}

PG_FUNCTION_INFO_V1(score_total_weighted_mean);
Datum
score_total_weighted_mean(PG_FUNCTION_ARGS)
{
	ScoreTotal *s = PG_GETARG_SCORE_TOTAL_P(0);
	int32		digits = PG_GETARG_INT32(1);

	ScoreCheckDigits(digits);
	/* no weighted rows: no weighted mean */
	if (s->weight == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ScoreRoundedQuotient(ScoreMul128(ScoreNet(s), (int64) govindex_powers_of_ten[digits], "weighted_mean"),
										 s->weight, digits, "weighted_mean"));
}

PG_FUNCTION_INFO_V1(score_total_add);
Datum
score_total_add(PG_FUNCTION_ARGS)
{
	ScoreTotal *result = (ScoreTotal *) palloc(SCORE_TOTAL_SIZE);

	*result = *PG_GETARG_SCORE_TOTAL_P(0);
	ScoreAccumulate(result, PG_GETARG_SCORE_TOTAL_P(1));
	PG_RETURN_SCORE_TOTAL_P(result);
}

PG_FUNCTION_INFO_V1(score_total_combine);
Datum
score_total_combine(PG_FUNCTION_ARGS)
{
	ScoreTotal *state = ScoreState(fcinfo);

	ScoreAccumulate(state, PG_GETARG_SCORE_TOTAL_P(1));
	PG_RETURN_SCORE_TOTAL_P(state);
}

PG_FUNCTION_INFO_V1(score_total_transfn);
Datum
score_total_transfn(PG_FUNCTION_ARGS)
{
	ScoreTotal *state = ScoreState(fcinfo);
	ScoreTotal	one = {0};

	one.achieved = ScoreArgPoints(fcinfo, 1, "achieved points", 2);
	one.maximum = ScoreArgPoints(fcinfo, 2, "maximum", 2);
	/* a criterion counts at most its maximum */
	if (one.achieved > one.maximum)
		one.achieved = one.maximum;
	ScoreAccumulate(state, &one);
	PG_RETURN_SCORE_TOTAL_P(state);
}

/* weight * points / 10^4 rounded half up, in ten-thousandths; 22003 if it does not fit. */
static int64
ScoreWeighted(int64 weight, int64 points, FunctionCallInfo fcinfo)
{
	int128		product = (int128) weight * points;	/* below 2^126: fits */
	int128		rounded = (product + SCORE_TOTAL_UNIT / 2) / SCORE_TOTAL_UNIT;

	if (rounded > PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("weighted points out of range for type score_total"),
				 errdetail("%s", ScoreRowText(fcinfo, 1, 3)),
				 errhint(SCORE_TOTAL_RANGE_HINT)));
	return (int64) rounded;
}

PG_FUNCTION_INFO_V1(weighted_score_transfn);
Datum
weighted_score_transfn(PG_FUNCTION_ARGS)
{
	ScoreTotal *state = ScoreState(fcinfo);
	ScoreTotal	one = {0};
	int64		value = ScoreArgPoints(fcinfo, 1, "value", 3);
	int64		maximum = ScoreArgPoints(fcinfo, 2, "maximum", 3);
	int64		weight = ScoreArgPoints(fcinfo, 3, "weight", 3);

	/* weight * min(value, maximum) out of weight * maximum */
	one.achieved = ScoreWeighted(weight, Min(value, maximum), fcinfo);
	one.maximum = ScoreWeighted(weight, maximum, fcinfo);
	one.weight = weight;
	ScoreAccumulate(state, &one);
	PG_RETURN_SCORE_TOTAL_P(state);
}
