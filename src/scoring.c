/*
 * scoring.c — the rules that turn a rate into points.
 *
 * Which rule a metric uses, its maximum and its threshold are data (the
 * metrics table, methodology.sql); this file only applies a rule, in the
 * national portal's own arithmetic, so that its published scores come out to
 * the hundredth:
 *
 *   r2(x)      x rounded to 2 decimals, half up on the exact binary double, as
 *              JavaScript's toFixed(2) (93.25 * 6 / 100 = 5.594999... -> 5.59)
 *   pct2(n,d)  r2(100.0 * n / d), the percent the portal shows
 *
 *   basis 'fraction'  x = (double) n / d
 *       linear     r2(max * x)
 *       threshold  r2(min(max, max * x / T))
 *   basis 'percent'   p = pct2(n, d), a double such as 93.25
 *       linear     r2(max * p / 100)
 *       threshold  r2(min(max, max * p / P)),  P = 100 * T computed exactly (57 for 0.57)
 *   rule 'full'            max
 *   rule 'informational'   NULL
 *   d = 0                  the metric's empty value: NULL, 0 or max
 *
 * Evaluation order, established against every published row in
 * test/fixtures/portal/ (sql/portal_scores.sql reproduces all of them):
 *   - Digitization (MDSH) uses the raw fraction, not the rounded percent: the
 *     percent basis misses 6 rows of ORIGINAL_RESULT_AVAILABLE (133609/184503:
 *     6 * 72.42 / 100 = 4.3452 -> 4.35, published 4.34 = r2(6 * 0.72415...)),
 *     3 of CITIZEN_DATA_CONNECTED_DOSSIER and 2 of REUSED_DIGITIZED_DATA.
 *   - Online payment A uses the rounded percent, as max * p / 100: with the
 *     fraction 4 group totals miss (295/377 needs 6 * 78.25 / 100 = 4.69500...03
 *     -> 4.70, not 6 * 0.78249... -> 4.69), with max * (p / 100) one misses
 *     (552/559 needs 6 * 98.75 / 100 = 5.92499...98 -> 5.92, not
 *     6 * (98.75 / 100) = 5.92500...07 -> 5.93).
 *   - The threshold divides last: (max / T) * x misses one row of
 *     DOSSIER_RECEIVING_SATISFACTION (351/416: 6 / 0.9 * 0.84375 =
 *     5.624999... -> 5.62, published 5.63 = r2(6 * 0.84375 / 0.9 = 5.625)).
 *   - The data do not tell max * (n / d) from max * n / d or n / d * max, nor,
 *     for the two capped payment metrics, percent from fraction or max * p / 80
 *     from 2.5 * p / 100: no published row rounds differently under them.  The
 *     online-services components are published for the province only (2 rows).
 *     We use the forms above.
 *
 * All of this is double arithmetic, as the portal's own; inputs are exact
 * (int64 counts, numeric points), and the output is a numeric with exactly two
 * decimals.
 */
#include "govindex.h"

#include <float.h>
#include <math.h>

#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

/* Scores are rounded to 2 decimals (the portal's toFixed(2)): 10^2. */
#define SCORE_SCALE				100

/* Largest maximum accepted: max * 100 must fit the rounding's uint64 result. */
#define SCORE_MAX_POINTS		1.0e15

typedef enum ScoreBasis
{
	SCORE_BASIS_FRACTION,
	SCORE_BASIS_PERCENT
} ScoreBasis;

typedef enum ScoreRule
{
	SCORE_RULE_LINEAR,
	SCORE_RULE_THRESHOLD,
	SCORE_RULE_FULL,
	SCORE_RULE_INFORMATIONAL
} ScoreRule;

typedef enum ScoreEmpty
{
	SCORE_EMPTY_NULL,
	SCORE_EMPTY_ZERO,
	SCORE_EMPTY_FULL
} ScoreEmpty;

/* One accepted keyword of a text argument and its enum value. */
typedef struct ScoreKeyword
{
	const char *name;
	int			value;
} ScoreKeyword;

static const ScoreKeyword score_bases[] = {
	{"fraction", SCORE_BASIS_FRACTION},
	{"percent", SCORE_BASIS_PERCENT},
	{NULL, 0}
};

static const ScoreKeyword score_rules[] = {
	{"linear", SCORE_RULE_LINEAR},
	{"threshold", SCORE_RULE_THRESHOLD},
	{"full", SCORE_RULE_FULL},
	{"informational", SCORE_RULE_INFORMATIONAL},
	{NULL, 0}
};

static const ScoreKeyword score_empty_values[] = {
	{"null", SCORE_EMPTY_NULL},
	{"zero", SCORE_EMPTY_ZERO},
	{"full", SCORE_EMPTY_FULL},
	{NULL, 0}
};

/* x rounded half up to 2 decimals, as a double (the portal's Number(x.toFixed(2))). */
static double
ScoreR2(double x)
{
	/* an integer divided by 100: the double nearest to the decimal, as parsing it gives */
	return (double) round_half_up_scaled(x, 2) / SCORE_SCALE;
}

/* x >= 0 rounded half up to 2 decimals, as a numeric with exactly 2 decimals (6.00). */
static Datum
ScoreToNumeric(double x)
{
	return scaled_to_numeric(round_half_up_scaled(x, 2), 2);
}

/* Raise 22004 for a NULL argument that the rules need. */
static void
ScoreCheckNotNull(FunctionCallInfo fcinfo, int argno, const char *name, const char *hint)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name),
				 hint ? errhint("%s", hint) : 0));
}

/* The enum value of a text argument among the given keywords; 22023 listing them otherwise. */
static int
ScoreKeywordValue(text *argument, const char *name, const ScoreKeyword *keywords)
{
	char	   *value = text_to_cstring(argument);
	StringInfoData accepted;

	for (const ScoreKeyword *k = keywords; k->name != NULL; k++)
	{
		if (strcmp(value, k->name) == 0)
			return k->value;
	}

	initStringInfo(&accepted);
	for (const ScoreKeyword *k = keywords; k->name != NULL; k++)
		appendStringInfo(&accepted, "%s%s", k == keywords ? "" : ", ", k->name);

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid %s \"%s\"", name, govindex_quote(value)),
			 errhint("The %s is one of: %s.", name, accepted.data)));
	pg_unreachable();
}

/* A numeric as a double, NaN and infinities included. */
static double
ScoreNumericToDouble(Numeric value)
{
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, NumericGetDatum(value)));
}

/*
 * The score of rate r under one rule, before rounding; *isnull when the rule
 * gives none.  max, the threshold and P = 100 * T are already checked.
 */
static double
ScoreRate(const Rate *r, double max, ScoreBasis basis, ScoreRule rule,
		  double threshold, double threshold_percent, ScoreEmpty empty_value, bool *isnull)
{
	double		x;

	*isnull = false;

	if (rule == SCORE_RULE_INFORMATIONAL)
	{
		*isnull = true;
		return 0;
	}

	/* nothing to count: the metric says what that is worth */
	if (r->denominator == 0)
	{
		switch (empty_value)
		{
			case SCORE_EMPTY_NULL:
				*isnull = true;
				return 0;
			case SCORE_EMPTY_ZERO:
				return 0;
			case SCORE_EMPTY_FULL:
				return max;
		}
		pg_unreachable();
	}

	if (rule == SCORE_RULE_FULL)
		return max;

	if (basis == SCORE_BASIS_FRACTION)
	{
		x = (double) r->numerator / (double) r->denominator;
		if (rule == SCORE_RULE_LINEAR)
			return max * x;
		return Min(max, max * x / threshold);
	}

	/* the percent as the portal shows it, rounded first */
	x = ScoreR2(100.0 * (double) r->numerator / (double) r->denominator);
	if (rule == SCORE_RULE_LINEAR)
		return max * x / 100.0;
	return Min(max, max * x / threshold_percent);
}

PG_FUNCTION_INFO_V1(score_rate);
Datum
score_rate(PG_FUNCTION_ARGS)
{
	Rate	   *r;
	double		max;
	ScoreBasis	basis;
	ScoreRule	rule;
	ScoreEmpty	empty_value;
	double		threshold = 0;
	double		threshold_percent = 0;
	double		score;
	bool		isnull;

	ScoreCheckNotNull(fcinfo, 0, "rate", "Use '0/0', the empty rate, when nothing was counted.");
	ScoreCheckNotNull(fcinfo, 1, "max_points", NULL);
	ScoreCheckNotNull(fcinfo, 2, "basis", "The basis is fraction or percent.");
	ScoreCheckNotNull(fcinfo, 3, "rule", "The rule is linear, threshold, full or informational.");
	ScoreCheckNotNull(fcinfo, 5, "empty_value", "The empty_value is null, zero or full.");

	r = PG_GETARG_RATE_P(0);
	max = ScoreNumericToDouble(PG_GETARG_NUMERIC(1));
	basis = (ScoreBasis) ScoreKeywordValue(PG_GETARG_TEXT_PP(2), "basis", score_bases);
	rule = (ScoreRule) ScoreKeywordValue(PG_GETARG_TEXT_PP(3), "rule", score_rules);
	empty_value = (ScoreEmpty) ScoreKeywordValue(PG_GETARG_TEXT_PP(5), "empty_value",
												 score_empty_values);

	if (isnan(max) || max < 0 || max > SCORE_MAX_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("max_points must be between 0 and %.0f, not %s", SCORE_MAX_POINTS,
						govindex_quote(numeric_normalize(PG_GETARG_NUMERIC(1))))));

	if (rule == SCORE_RULE_THRESHOLD)
	{
		Numeric		t;

		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the threshold rule needs a threshold"),
					 errhint("The threshold is the rate that earns the maximum, e.g. 0.8 for 80%%.")));
		t = PG_GETARG_NUMERIC(4);
		threshold = ScoreNumericToDouble(t);
		if (isnan(threshold) || threshold <= 0 || threshold > 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("threshold must be greater than 0 and at most 1, not %s",
							govindex_quote(numeric_normalize(t))),
					 errhint("The threshold is a rate, e.g. 0.8 for 80%%.")));
		/* 100 * T in exact decimal: 0.57 gives 57, where 0.57 * 100 in double is 56.99999999999999 */
		threshold_percent = ScoreNumericToDouble(
			DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(t),
												NumericGetDatum(int64_to_numeric(100)))));
	}
	else if (!PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a threshold applies only to the threshold rule"),
				 errhint("Pass NULL as the threshold of a linear, full or informational rule.")));

	score = ScoreRate(r, max, basis, rule, threshold, threshold_percent, empty_value, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(ScoreToNumeric(score));
}
