/*
 * workcal.c — the workcal type: a compact calendar of working days.
 *
 * A workcal covers the days [first, first + ndays): a weekend mask (ISO days
 * of the week that are off), office hours (up to WORKCAL_MAX_INTERVALS
 * intervals of the day, in minutes), a bitmap with one bit per day (1 = a
 * working day) and the number of working days before each 64-day word of the
 * bitmap.  So is_workday is one bit test, workdays_between two prefix counts
 * (a stored count plus a popcount each), and the n-th working day after a date
 * a binary search over the word counts and a select within one word.
 *
 * Times: the province's dates are Asia/Ho_Chi_Minh dates.  Vietnam keeps UTC+7
 * all year without daylight saving time, so a timestamptz's local date and time
 * are those of the UTC instant plus 7 hours, whatever the session's TimeZone.
 *
 * Per-row calls pass the calendar as an argument; each function keeps the
 * detoasted calendar in fn_extra, keyed by the argument's pointer and bytes, so a
 * constant, a parameter or an InitPlan's value is detoasted once per query.
 */
#include "govindex.h"

#include "catalog/pg_type_d.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/multirangetypes.h"
#include "utils/numeric.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"

#define WORKCAL_VERSION			1
#define WORKCAL_WIRE_VERSION	1
#define WORKCAL_MAX_INTERVALS	4
/*
 * At most a century, any 100 whole years (36,525 days, 571 words): a calendar
 * is built from published holidays, and longer spans are mistakes that would
 * only make large values and long messages.
 */
#define WORKCAL_MAX_DAYS		36525
#define WORKCAL_MAX_YEARS		100
#define WORKCAL_ZONE_USECS		(INT64CONST(7) * USECS_PER_HOUR)
#define WORKCAL_SYNTAX_HINT		"A workcal is written [2024-01-01,2025-01-01) weekend={6,7} hours=07:30-11:30,13:00-17:00 off={2024-01-01,...} on={2024-05-04,...}."
#define WORKCAL_SPAN_HINT		"Add the missing years' rows to govindex.holidays and build a wider calendar, e.g. govindex.workcal(2022, 2027)."

/*
 * The stored form.  words[] is 8-byte aligned at a fixed offset; counts[] follows
 * words[] (nwords + 1 entries: counts[w] = working days before word w).
 */
typedef struct WorkCal
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;
	uint8		weekend;		/* bit d (1..7, ISO) set: that weekday is off */
	uint8		nintervals;
	uint8		reserved;
	int32		first;			/* DateADT of the first day */
	int32		ndays;
	int32		day_minutes;	/* office minutes in a working day */
	int16		intervals[2 * WORKCAL_MAX_INTERVALS];	/* start, end minutes */
	int32		reserved2;
	uint64		words[FLEXIBLE_ARRAY_MEMBER];
} WorkCal;

StaticAssertDecl(offsetof(WorkCal, words) % 8 == 0, "workcal words are 8-byte aligned");

#define WorkCalWords(ndays)			(((ndays) + 63) / 64)
#define WorkCalSize(ndays)			(offsetof(WorkCal, words) + WorkCalWords(ndays) * sizeof(uint64) \
									 + (WorkCalWords(ndays) + 1) * sizeof(int32))
#define WorkCalCounts(c)			((int32 *) ((c)->words + WorkCalWords((c)->ndays)))

/* The per-call cache in fn_extra: the argument as received, and an aligned detoasted copy. */
typedef struct WorkCalCache
{
	Pointer		raw;
	Size		raw_size;
	char	   *raw_copy;
	WorkCal    *cal;
} WorkCalCache;

/* The first day the text form can write, 0001-01-01, as a DateADT. */
static inline DateADT
WorkCalMinDate(void)
{
	return date2j(1, 1, 1) - POSTGRES_EPOCH_JDATE;
}

/* The last end (exclusive) the text form can write, 9999-12-31, as a DateADT. */
static inline DateADT
WorkCalMaxEnd(void)
{
	return date2j(9999, 12, 31) - POSTGRES_EPOCH_JDATE;
}

/*
 * Why a span [first, first + ndays) cannot be a calendar's, or NULL: text and
 * binary input accept the same spans, those the text form can write.
 */
static const char *
WorkCalSpanProblem(int64 first, int64 ndays)
{
	if (ndays < 1 || ndays > WORKCAL_MAX_DAYS)
		return psprintf("the span must cover 1 to %d days (%d years), not " INT64_FORMAT,
						WORKCAL_MAX_DAYS, WORKCAL_MAX_YEARS, ndays);
	if (first < WorkCalMinDate() || first + ndays > WorkCalMaxEnd())
		return psprintf("the span starting on day " INT64_FORMAT " (of 2000-01-01) for " INT64_FORMAT
						" days is outside 0001-01-01 to 9999-12-31", first, ndays);
	return NULL;
}

/* The date as YYYY-MM-DD (or infinity), for the text form and messages. */
static char *
WorkCalDateText(DateADT d)
{
	int			y,
				m,
				day;

	/* always ISO, whatever the DateStyle: the text form must read back */
	if (DATE_NOT_FINITE(d))
		return pstrdup(DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity");
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	return psprintf("%04d-%02d-%02d", y, m, day);
}

/* The calendar's span as [first,end) for messages. */
static char *
WorkCalSpanText(const WorkCal *c)
{
	return psprintf("[%s,%s)", WorkCalDateText(c->first), WorkCalDateText(c->first + c->ndays));
}

/* ISO day of week (1 Monday .. 7 Sunday) of a DateADT. */
static inline int
WorkCalIsoDow(DateADT d)
{
	/* 2000-01-01 (day 0) was a Saturday (6) */
	int			r = (int) (((int64) d + 5) % 7);

	if (r < 0)
		r += 7;
	return r + 1;
}

/* Whether day index i (0-based from first) is a working day. */
static inline bool
WorkCalBit(const WorkCal *c, int i)
{
	return (c->words[i >> 6] >> (i & 63)) & 1;
}

/* Working days among day indexes [0, i), 0 <= i <= ndays. */
static inline int32
WorkCalPrefix(const WorkCal *c, int i)
{
	int			w = i >> 6;
	int			b = i & 63;
	int32		n = WorkCalCounts(c)[w];

	if (b != 0)
		n += pg_popcount64(c->words[w] & ((UINT64CONST(1) << b) - 1));
	return n;
}

/* Day index of the k-th (0-based) working day of the calendar, or -1 if there are not that many. */
static int
WorkCalSelect(const WorkCal *c, int32 k)
{
	const int32 *counts = WorkCalCounts(c);
	int			lo = 0;
	int			hi = WorkCalWords(c->ndays);	/* counts[hi] = total */
	uint64		word;

	if (k < 0 || k >= counts[hi])
		return -1;
	/* largest w with counts[w] <= k */
	while (hi - lo > 1)
	{
		int			mid = (lo + hi) / 2;

		if (counts[mid] <= k)
			lo = mid;
		else
			hi = mid;
	}
	k -= counts[lo];
	word = c->words[lo];
	while (k-- > 0)
		word &= word - 1;		/* drop the lowest set bit */
	return lo * 64 + pg_rightmost_one_pos64(word);
}

/* Fill counts[] from words[] (bits past ndays must be 0). */
static void
WorkCalFinish(WorkCal *c)
{
	int			nwords = WorkCalWords(c->ndays);
	int32	   *counts = WorkCalCounts(c);
	int			w;

	counts[0] = 0;
	for (w = 0; w < nwords; w++)
		counts[w + 1] = counts[w] + pg_popcount64(c->words[w]);
}

/* Raise 22008 unless the date lies in [first, first + ndays + (end_ok ? 1 : 0)). */
static void
WorkCalCheckDate(const WorkCal *c, DateADT d, bool end_ok)
{
	if (DATE_NOT_FINITE(d) || d < c->first || d > c->first + c->ndays - (end_ok ? 0 : 1))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date %s is outside the working-day calendar %s",
						WorkCalDateText(d), WorkCalSpanText(c)),
				 errhint(WORKCAL_SPAN_HINT)));
}

/* The calendar argument n, detoasted once per query (see the file comment). */
static WorkCal *
WorkCalArg(FunctionCallInfo fcinfo, int n)
{
	Datum		d = PG_GETARG_DATUM(n);
	Pointer		raw = DatumGetPointer(d);
	Size		raw_size = VARSIZE_ANY(raw);
	WorkCalCache *cache = (WorkCalCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	struct varlena *detoasted;

	if (cache != NULL && cache->raw == raw && cache->raw_size == raw_size &&
		memcmp(cache->raw_copy, raw, raw_size) == 0)
		return cache->cal;

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (cache == NULL)
		cache = (WorkCalCache *) palloc0(sizeof(WorkCalCache));
	else
	{
		pfree(cache->raw_copy);
		pfree(cache->cal);
	}
	cache->raw = raw;
	cache->raw_size = raw_size;
	cache->raw_copy = palloc(raw_size);
	memcpy(cache->raw_copy, raw, raw_size);
	detoasted = PG_DETOAST_DATUM_COPY(d);	/* palloc'd: MAXALIGNed */
	cache->cal = (WorkCal *) detoasted;
	fcinfo->flinfo->fn_extra = cache;
	MemoryContextSwitchTo(old);
	return cache->cal;
}

/* ---- text input --------------------------------------------------------------- */

typedef struct WorkCalParser
{
	const char *str;
	const char *p;
} WorkCalParser;

/* Report a syntax error at the parser's position; expected names what should stand there. */
static void pg_attribute_noreturn()
WorkCalSyntaxError(WorkCalParser *ps, const char *expected)
{
	int			position = pg_mbstrlen_with_len(ps->str, ps->p - ps->str) + 1;
	char	   *found = NULL;

	if (*ps->p != '\0')
		found = pnstrdup(ps->p, Min(pg_mblen(ps->p), (int) strlen(ps->p)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type workcal: \"%s\"", govindex_quote(ps->str)),
			 found == NULL ?
			 errdetail("Expected %s at character %d.", expected, position) :
			 errdetail("Expected %s at character %d, found \"%s\".", expected, position, found),
			 errhint(WORKCAL_SYNTAX_HINT)));
}

/* Report an invalid value (well-formed but wrong) at a position. */
static void pg_attribute_noreturn()
WorkCalValueError(WorkCalParser *ps, const char *at, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type workcal: \"%s\"", govindex_quote(ps->str)),
			 errdetail("%s (at character %d).", detail, pg_mbstrlen_with_len(ps->str, at - ps->str) + 1),
			 errhint(WORKCAL_SYNTAX_HINT)));
}

/* Consume the literal s or fail. */
static void
WorkCalExpect(WorkCalParser *ps, const char *s)
{
	size_t		len = strlen(s);

	if (strncmp(ps->p, s, len) != 0)
	{
		/* point at the first character that differs */
		size_t		i = 0;

		while (i < len && ps->p[i] == s[i])
			i++;
		ps->p += i;
		WorkCalSyntaxError(ps, psprintf("\"%s\"", s + i));
	}
	ps->p += len;
}

/* Exactly n ASCII digits as a number. */
static int
WorkCalDigits(WorkCalParser *ps, int n, const char *what)
{
	int			v = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		if (ps->p[0] < '0' || ps->p[0] > '9')
			WorkCalSyntaxError(ps, what);
		v = v * 10 + (ps->p[0] - '0');
		ps->p++;
	}
	return v;
}

/* A date written YYYY-MM-DD. */
static DateADT
WorkCalParseDate(WorkCalParser *ps)
{
	const char *start = ps->p;
	int			y,
				m,
				d;

	y = WorkCalDigits(ps, 4, "a date YYYY-MM-DD");
	if (*ps->p >= '0' && *ps->p <= '9')
	{
		/* a longer year (to_char writes 10000): say so, rather than "expected -" */
		while (*ps->p >= '0' && *ps->p <= '9')
			ps->p++;
		WorkCalValueError(ps, start, psprintf("the year %.*s is outside 0001 to 9999",
											  (int) Min(ps->p - start, 12), start));
	}
	WorkCalExpect(ps, "-");
	m = WorkCalDigits(ps, 2, "a month MM");
	WorkCalExpect(ps, "-");
	d = WorkCalDigits(ps, 2, "a day DD");
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > day_tab[isleap(y)][m - 1])
		WorkCalValueError(ps, start, psprintf("%04d-%02d-%02d is not a date", y, m, d));
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

/* A time of day HH:MM (00:00 .. 24:00) in minutes. */
static int
WorkCalParseTime(WorkCalParser *ps)
{
	const char *start = ps->p;
	int			h = WorkCalDigits(ps, 2, "an hour HH");
	int			m;

	WorkCalExpect(ps, ":");
	m = WorkCalDigits(ps, 2, "minutes MM");
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		WorkCalValueError(ps, start, psprintf("%02d:%02d is not a time of day", h, m));
	return h * 60 + m;
}

/* A list {d1,d2,...} of increasing dates; calls back for each. */
static void
WorkCalParseDates(WorkCalParser *ps, WorkCal *c, bool worked)
{
	DateADT		previous = 0;
	bool		any = false;

	WorkCalExpect(ps, "{");
	if (*ps->p == '}')
	{
		ps->p++;
		return;
	}
	for (;;)
	{
		const char *start = ps->p;
		DateADT		d = WorkCalParseDate(ps);
		int			i;
		bool		weekend;

		if (any && d <= previous)
			WorkCalValueError(ps, start, psprintf("%s does not follow %s: dates must increase",
												  WorkCalDateText(d), WorkCalDateText(previous)));
		if (d < c->first || d >= c->first + c->ndays)
			WorkCalValueError(ps, start, psprintf("%s is outside the span %s",
												  WorkCalDateText(d), WorkCalSpanText(c)));
		weekend = (c->weekend >> WorkCalIsoDow(d)) & 1;
		if (worked && !weekend)
			WorkCalValueError(ps, start, psprintf("%s is not a weekend day, so it cannot be listed in on={}",
												  WorkCalDateText(d)));
		if (!worked && weekend)
			WorkCalValueError(ps, start, psprintf("%s is a weekend day, so it cannot be listed in off={}",
												  WorkCalDateText(d)));
		i = d - c->first;
		if (worked)
			c->words[i >> 6] |= UINT64CONST(1) << (i & 63);
		else
			c->words[i >> 6] &= ~(UINT64CONST(1) << (i & 63));
		previous = d;
		any = true;
		if (*ps->p == ',')
		{
			ps->p++;
			continue;
		}
		WorkCalExpect(ps, "}");
		return;
	}
}

/* Check office hours: 1..4 increasing, non-empty, non-overlapping intervals; set day_minutes. */
static const char *
WorkCalHoursProblem(WorkCal *c)
{
	int			i;
	int			total = 0;

	if (c->nintervals < 1 || c->nintervals > WORKCAL_MAX_INTERVALS)
		return psprintf("office hours need 1 to %d intervals, not %d", WORKCAL_MAX_INTERVALS, c->nintervals);
	for (i = 0; i < c->nintervals; i++)
	{
		int			s = c->intervals[2 * i];
		int			e = c->intervals[2 * i + 1];

		if (s < 0 || e > 24 * 60 || s >= e)
			return psprintf("office-hours interval %d is empty or outside 00:00-24:00", i + 1);
		if (i > 0 && s < c->intervals[2 * i - 1])
			return psprintf("office-hours interval %d starts before interval %d ends", i + 1, i);
		total += e - s;
	}
	c->day_minutes = total;
	return NULL;
}

PG_FUNCTION_INFO_V1(workcal_in);
Datum
workcal_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	WorkCalParser ps = {str, str};
	const char *at;
	DateADT		first,
				end;
	int64		ndays;
	uint8		weekend = 0;
	int16		intervals[2 * WORKCAL_MAX_INTERVALS];
	int			nintervals = 0;
	WorkCal    *c;
	int			i;
	const char *problem;

	while (*ps.p == ' ')
		ps.p++;
	WorkCalExpect(&ps, "[");
	first = WorkCalParseDate(&ps);
	WorkCalExpect(&ps, ",");
	at = ps.p;
	end = WorkCalParseDate(&ps);
	WorkCalExpect(&ps, ")");
	ndays = (int64) end - first;
	if ((problem = WorkCalSpanProblem(first, ndays)) != NULL)
		WorkCalValueError(&ps, at, problem);

	WorkCalExpect(&ps, " weekend={");
	if (*ps.p != '}')
	{
		for (;;)
		{
			int			d;

			at = ps.p;
			d = WorkCalDigits(&ps, 1, "an ISO day of the week 1-7");
			if (d < 1 || d > 7)
				WorkCalValueError(&ps, at, psprintf("%d is not an ISO day of the week (1 Monday .. 7 Sunday)", d));
			if (weekend & (1 << d))
				WorkCalValueError(&ps, at, psprintf("day %d is listed twice", d));
			weekend |= 1 << d;
			if (*ps.p != ',')
				break;
			ps.p++;
		}
	}
	WorkCalExpect(&ps, "}");

	WorkCalExpect(&ps, " hours=");
	for (;;)
	{
		if (nintervals == WORKCAL_MAX_INTERVALS)
			WorkCalValueError(&ps, ps.p, psprintf("at most %d office-hours intervals", WORKCAL_MAX_INTERVALS));
		intervals[2 * nintervals] = WorkCalParseTime(&ps);
		WorkCalExpect(&ps, "-");
		intervals[2 * nintervals + 1] = WorkCalParseTime(&ps);
		nintervals++;
		if (*ps.p != ',')
			break;
		ps.p++;
	}

	c = (WorkCal *) palloc0(WorkCalSize(ndays));
	SET_VARSIZE(c, WorkCalSize(ndays));
	c->version = WORKCAL_VERSION;
	c->weekend = weekend;
	c->nintervals = nintervals;
	c->first = first;
	c->ndays = (int32) ndays;
	memcpy(c->intervals, intervals, sizeof(int16) * 2 * nintervals);
	if ((problem = WorkCalHoursProblem(c)) != NULL)
		WorkCalValueError(&ps, ps.p, problem);

	for (i = 0; i < ndays; i++)
		if (!((weekend >> WorkCalIsoDow(first + i)) & 1))
			c->words[i >> 6] |= UINT64CONST(1) << (i & 63);

	WorkCalExpect(&ps, " off=");
	WorkCalParseDates(&ps, c, false);
	WorkCalExpect(&ps, " on=");
	WorkCalParseDates(&ps, c, true);
	while (*ps.p == ' ')
		ps.p++;
	if (*ps.p != '\0')
		WorkCalSyntaxError(&ps, "the end of the value");

	WorkCalFinish(c);
	PG_RETURN_POINTER(c);
}

/* Append a list {d,...} of the days whose bit differs from the weekend rule in the given way. */
static void
WorkCalAppendExceptions(StringInfo buf, const WorkCal *c, bool worked)
{
	bool		any = false;
	int			i;

	appendStringInfoChar(buf, '{');
	for (i = 0; i < c->ndays; i++)
	{
		bool		weekend = (c->weekend >> WorkCalIsoDow(c->first + i)) & 1;
		bool		bit = WorkCalBit(c, i);

		if ((worked && weekend && bit) || (!worked && !weekend && !bit))
		{
			if (any)
				appendStringInfoChar(buf, ',');
			appendStringInfoString(buf, WorkCalDateText(c->first + i));
			any = true;
		}
	}
	appendStringInfoChar(buf, '}');
}

PG_FUNCTION_INFO_V1(workcal_out);
Datum
workcal_out(PG_FUNCTION_ARGS)
{
	WorkCal    *c = (WorkCal *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	bool		any = false;
	int			d;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s weekend={", WorkCalSpanText(c));
	for (d = 1; d <= 7; d++)
		if ((c->weekend >> d) & 1)
		{
			appendStringInfo(&buf, any ? ",%d" : "%d", d);
			any = true;
		}
	appendStringInfoString(&buf, "} hours=");
	for (i = 0; i < c->nintervals; i++)
		appendStringInfo(&buf, "%s%02d:%02d-%02d:%02d", i > 0 ? "," : "",
						 c->intervals[2 * i] / 60, c->intervals[2 * i] % 60,
						 c->intervals[2 * i + 1] / 60, c->intervals[2 * i + 1] % 60);
	appendStringInfoString(&buf, " off=");
	WorkCalAppendExceptions(&buf, c, false);
	appendStringInfoString(&buf, " on=");
	WorkCalAppendExceptions(&buf, c, true);
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: version byte, first (int4 date), ndays (int4), weekend mask (byte),
 * nintervals (byte), the intervals (int2 minutes each), then the bitmap as
 * big-endian int8 words.  Counts are recomputed on receipt; every invariant is
 * checked again.
 */
PG_FUNCTION_INFO_V1(workcal_send);
Datum
workcal_send(PG_FUNCTION_ARGS)
{
	WorkCal    *c = (WorkCal *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, WORKCAL_WIRE_VERSION);
	pq_sendint32(&buf, c->first);
	pq_sendint32(&buf, c->ndays);
	pq_sendbyte(&buf, c->weekend);
	pq_sendbyte(&buf, c->nintervals);
	for (i = 0; i < 2 * c->nintervals; i++)
		pq_sendint16(&buf, c->intervals[i]);
	for (i = 0; i < WorkCalWords(c->ndays); i++)
		pq_sendint64(&buf, c->words[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Raise 22P03 for a malformed binary workcal. */
static void pg_attribute_noreturn()
WorkCalBinaryError(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary data for type workcal"),
			 errdetail("%s", detail)));
}

PG_FUNCTION_INFO_V1(workcal_recv);
Datum
workcal_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int32		first;
	int32		ndays;
	int			weekend;
	int			nintervals;
	int			nwords;
	WorkCal    *c;
	const char *problem;
	int			i;

	if (buf->len - buf->cursor < 1)
		WorkCalBinaryError("The value is empty.");
	version = pq_getmsgbyte(buf);
	if (version != WORKCAL_WIRE_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type workcal", version),
				 errdetail("This version of govindex reads version %d.", WORKCAL_WIRE_VERSION)));
	if (buf->len - buf->cursor < 10)
		WorkCalBinaryError("The header is shorter than 11 bytes.");
	first = (int32) pq_getmsgint(buf, 4);
	ndays = (int32) pq_getmsgint(buf, 4);
	weekend = pq_getmsgbyte(buf);
	nintervals = pq_getmsgbyte(buf);
	if ((problem = WorkCalSpanProblem(first, ndays)) != NULL)
		WorkCalBinaryError(psprintf("%c%s.", pg_toupper(problem[0]), problem + 1));
	if (weekend & 1 || weekend > 0xFE)
		WorkCalBinaryError(psprintf("The weekend mask %d has bits other than 1..7.", weekend));
	if (nintervals < 1 || nintervals > WORKCAL_MAX_INTERVALS)
		WorkCalBinaryError(psprintf("Office hours need 1 to %d intervals, not %d.", WORKCAL_MAX_INTERVALS, nintervals));
	nwords = WorkCalWords(ndays);
	if (buf->len - buf->cursor != 4 * nintervals + 8 * nwords)
		WorkCalBinaryError(psprintf("Expected %d more bytes, got %d.", 4 * nintervals + 8 * nwords,
									buf->len - buf->cursor));

	c = (WorkCal *) palloc0(WorkCalSize(ndays));
	SET_VARSIZE(c, WorkCalSize(ndays));
	c->version = WORKCAL_VERSION;
	c->weekend = weekend;
	c->nintervals = nintervals;
	c->first = first;
	c->ndays = ndays;
	for (i = 0; i < 2 * nintervals; i++)
		c->intervals[i] = (int16) pq_getmsgint(buf, 2);
	if ((problem = WorkCalHoursProblem(c)) != NULL)
		WorkCalBinaryError(psprintf("%c%s.", pg_toupper(problem[0]), problem + 1));
	for (i = 0; i < nwords; i++)
		c->words[i] = pq_getmsgint64(buf);
	if (ndays % 64 != 0 && (c->words[nwords - 1] >> (ndays % 64)) != 0)
		WorkCalBinaryError("The bitmap has bits set past the last day.");
	WorkCalFinish(c);
	PG_RETURN_POINTER(c);
}

/* ---- accessors and arithmetic ---------------------------------------------------- */

PG_FUNCTION_INFO_V1(workcal_span);
Datum
workcal_span(PG_FUNCTION_ARGS)
{
	WorkCal    *c = WorkCalArg(fcinfo, 0);
	TypeCacheEntry *typcache = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
	RangeBound	lower = {DateADTGetDatum(c->first), false, true, true};
	RangeBound	upper = {DateADTGetDatum(c->first + c->ndays), false, false, false};

	PG_RETURN_RANGE_P(make_range(typcache, &lower, &upper, false));
}

PG_FUNCTION_INFO_V1(workcal_day_hours);
Datum
workcal_day_hours(PG_FUNCTION_ARGS)
{
	WorkCal    *c = WorkCalArg(fcinfo, 0);

	PG_RETURN_DATUM(DirectFunctionCall1(numeric_trim_scale,
										DirectFunctionCall2(numeric_div,
															NumericGetDatum(int64_to_numeric(c->day_minutes)),
															NumericGetDatum(int64_to_numeric(60)))));
}

PG_FUNCTION_INFO_V1(is_workday);
Datum
is_workday(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	WorkCal    *c = WorkCalArg(fcinfo, 1);

	WorkCalCheckDate(c, d, false);
	PG_RETURN_BOOL(WorkCalBit(c, d - c->first));
}

PG_FUNCTION_INFO_V1(workdays_between);
Datum
workdays_between(PG_FUNCTION_ARGS)
{
	DateADT		a = PG_GETARG_DATEADT(0);
	DateADT		b = PG_GETARG_DATEADT(1);
	WorkCal    *c = WorkCalArg(fcinfo, 2);

	WorkCalCheckDate(c, a, true);
	WorkCalCheckDate(c, b, true);
	PG_RETURN_INT32(WorkCalPrefix(c, b - c->first) - WorkCalPrefix(c, a - c->first));
}

/* A local (UTC+7) moment: the day and the microseconds since its midnight. */
typedef struct WorkCalMoment
{
	DateADT		day;
	int64		usec;
} WorkCalMoment;

/* Split a timestamptz (the argument named what) into its Asia/Ho_Chi_Minh date and time of day. */
static WorkCalMoment
WorkCalLocal(TimestampTz t, const char *what)
{
	WorkCalMoment m;
	int64		local;

	if (TIMESTAMP_NOT_FINITE(t) || !IS_VALID_TIMESTAMP(t) ||
		pg_add_s64_overflow(t, WORKCAL_ZONE_USECS, &local))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s out of range for a working-day calendar: %s", what,
						TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : TIMESTAMP_IS_NOEND(t) ? "infinity" :
						timestamptz_to_str(t)),
				 errhint(WORKCAL_SPAN_HINT)));
	m.day = (DateADT) (local / USECS_PER_DAY);
	m.usec = local % USECS_PER_DAY;
	if (m.usec < 0)
	{
		m.usec += USECS_PER_DAY;
		m.day--;
	}
	return m;
}

/* Back from a local moment to a timestamptz; 22008 naming the day if it is not a valid one. */
static TimestampTz
WorkCalUtc(WorkCalMoment m)
{
	int64		t;

	if (pg_mul_s64_overflow((int64) m.day, USECS_PER_DAY, &t) ||
		pg_add_s64_overflow(t, m.usec, &t) ||
		pg_sub_s64_overflow(t, WORKCAL_ZONE_USECS, &t) ||
		!IS_VALID_TIMESTAMP(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range on %s", WorkCalDateText(m.day))));
	return t;
}

/* The n-th (n >= 1) working day after day d; 22008 if the calendar ends first. */
static DateADT
WorkCalNthAfter(const WorkCal *c, DateADT d, int64 n, const char *what)
{
	int			j = -1;

	WorkCalCheckDate(c, d, false);
	if (n <= c->ndays)
		j = WorkCalSelect(c, WorkCalPrefix(c, d - c->first + 1) + (int32) n - 1);
	if (j < 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s after %s falls past the end of the working-day calendar %s",
						what, WorkCalDateText(d), WorkCalSpanText(c)),
				 errhint(WORKCAL_SPAN_HINT)));
	return c->first + j;
}

/*
 * Add usec (>= 0) microseconds of office time to a local moment: the clock runs
 * only inside office hours of working days.  A result at the very end of an
 * interval stays there (4 hours from 07:30 is 11:30, not 13:00).
 */
static WorkCalMoment
WorkCalAddOfficeTime(const WorkCal *c, WorkCalMoment m, int64 usec)
{
	int64		day_usec = (int64) c->day_minutes * USECS_PER_MINUTE;
	int64		whole;
	int			i;

	if (usec == 0)
		return m;
	/* the rest of today */
	WorkCalCheckDate(c, m.day, false);
	if (WorkCalBit(c, m.day - c->first))
	{
		for (i = 0; i < c->nintervals; i++)
		{
			int64		s = (int64) c->intervals[2 * i] * USECS_PER_MINUTE;
			int64		e = (int64) c->intervals[2 * i + 1] * USECS_PER_MINUTE;
			int64		from = Max(s, m.usec);

			if (from >= e)
				continue;
			if (usec <= e - from)
			{
				m.usec = from + usec;
				return m;
			}
			usec -= e - from;
		}
	}
	/* whole working days, leaving 0 < usec <= day_usec for the last day */
	whole = (usec - 1) / day_usec;
	m.day = WorkCalNthAfter(c, m.day, whole + 1, "the office time");
	usec -= whole * day_usec;
	for (i = 0; i < c->nintervals; i++)
	{
		int64		s = (int64) c->intervals[2 * i] * USECS_PER_MINUTE;
		int64		e = (int64) c->intervals[2 * i + 1] * USECS_PER_MINUTE;

		if (usec <= e - s)
		{
			m.usec = s + usec;
			return m;
		}
		usec -= e - s;
	}
	pg_unreachable();
}

/* Office time (microseconds) within [a, b) local moments, a <= b. */
static int64
WorkCalOfficeTimeBetween(const WorkCal *c, WorkCalMoment a, WorkCalMoment b)
{
	int64		day_usec = (int64) c->day_minutes * USECS_PER_MINUTE;
	int64		total = 0;
	int			i;

	/* office time of day d from time t on */
#define AFTER(d, t, out) do { \
		out = 0; \
		if (WorkCalBit(c, (d) - c->first)) \
			for (i = 0; i < c->nintervals; i++) \
			{ \
				int64 s_ = (int64) c->intervals[2 * i] * USECS_PER_MINUTE; \
				int64 e_ = (int64) c->intervals[2 * i + 1] * USECS_PER_MINUTE; \
				if ((t) < e_) out += e_ - Max(s_, (t)); \
			} \
	} while (0)

	WorkCalCheckDate(c, a.day, false);
	WorkCalCheckDate(c, b.day, false);
	if (a.day == b.day)
	{
		int64		x,
					y;

		AFTER(a.day, a.usec, x);
		AFTER(b.day, b.usec, y);
		return x - y;
	}
	else
	{
		int64		x,
					y;

		AFTER(a.day, a.usec, x);
		AFTER(b.day, b.usec, y);
		total = x;
		/* whole days strictly between */
		total += day_usec * (WorkCalPrefix(c, b.day - c->first) - WorkCalPrefix(c, a.day - c->first + 1));
		/* day b up to b.usec */
		if (WorkCalBit(c, b.day - c->first))
			total += day_usec - y;
	}
#undef AFTER
	return total;
}

/* A numeric duration >= 0: 22003 for NaN or infinity, 22023 when negative. */
static void
WorkCalCheckDuration(Numeric n, const char *unit)
{
	if (numeric_is_nan(n) || numeric_is_inf(n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite number, not %s", unit,
						govindex_quote(DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)))))));
	if (DatumGetBool(DirectFunctionCall2(numeric_lt, NumericGetDatum(n),
										 NumericGetDatum(int64_to_numeric(0)))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative: %s", unit,
						govindex_quote(DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(n)))))));
}

/* n * scale rounded to an int64 (22003 if it does not fit). */
static int64
WorkCalScale(Numeric n, int64 scale)
{
	Numeric		product = DatumGetNumeric(DirectFunctionCall2(numeric_mul, NumericGetDatum(n),
															  NumericGetDatum(int64_to_numeric(scale))));

	return DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(product)));
}

/* Working days (whole part: same time of day; fraction: office time) after t. */
static TimestampTz
WorkCalAddDays(const WorkCal *c, TimestampTz t, Numeric n, const char *what)
{
	WorkCalMoment m = WorkCalLocal(t, what);
	Numeric		whole_n;
	int64		whole;
	int64		frac_usec;
	int64		day_usec = (int64) c->day_minutes * USECS_PER_MINUTE;

	WorkCalCheckDuration(n, "a number of working days");
	whole_n = DatumGetNumeric(DirectFunctionCall1(numeric_floor, NumericGetDatum(n)));
	if (DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(whole_n),
										 NumericGetDatum(int64_to_numeric(WORKCAL_MAX_DAYS)))))
		whole = WORKCAL_MAX_DAYS + 1;	/* past any calendar: the span error below */
	else
		whole = DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(whole_n)));
	frac_usec = WorkCalScale(DatumGetNumeric(DirectFunctionCall2(numeric_sub, NumericGetDatum(n),
																 NumericGetDatum(whole_n))),
							 day_usec);
	if (whole > 0)
		m.day = WorkCalNthAfter(c, m.day, whole, psprintf(INT64_FORMAT " working days", whole));
	return WorkCalUtc(WorkCalAddOfficeTime(c, m, frac_usec));
}

/* Working hours (office time) after t. */
static TimestampTz
WorkCalAddHours(const WorkCal *c, TimestampTz t, Numeric h, const char *what)
{
	WorkCalMoment m = WorkCalLocal(t, what);

	WorkCalCheckDuration(h, "a number of working hours");
	if (DatumGetBool(DirectFunctionCall2(numeric_gt, NumericGetDatum(h),
										 NumericGetDatum(int64_to_numeric(24 * WORKCAL_MAX_DAYS)))))
		h = int64_to_numeric(24 * WORKCAL_MAX_DAYS);	/* past any calendar: the span error */
	return WorkCalUtc(WorkCalAddOfficeTime(c, m, WorkCalScale(h, USECS_PER_HOUR)));
}

PG_FUNCTION_INFO_V1(add_workdays);
Datum
add_workdays(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	Numeric		n = PG_GETARG_NUMERIC(1);
	WorkCal    *c = WorkCalArg(fcinfo, 2);

	PG_RETURN_TIMESTAMPTZ(WorkCalAddDays(c, t, n, "t"));
}

PG_FUNCTION_INFO_V1(add_workhours);
Datum
add_workhours(PG_FUNCTION_ARGS)
{
	TimestampTz t = PG_GETARG_TIMESTAMPTZ(0);
	Numeric		h = PG_GETARG_NUMERIC(1);
	WorkCal    *c = WorkCalArg(fcinfo, 2);

	PG_RETURN_TIMESTAMPTZ(WorkCalAddHours(c, t, h, "t"));
}

PG_FUNCTION_INFO_V1(workhours_between);
Datum
workhours_between(PG_FUNCTION_ARGS)
{
	TimestampTz a = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz b = PG_GETARG_TIMESTAMPTZ(1);
	WorkCal    *c = WorkCalArg(fcinfo, 2);
	int64		usec;
	bool		negative = b < a;
	WorkCalMoment ma = WorkCalLocal(a, "a");
	WorkCalMoment mb = WorkCalLocal(b, "b");

	usec = negative ? WorkCalOfficeTimeBetween(c, mb, ma) : WorkCalOfficeTimeBetween(c, ma, mb);
	if (negative)
		usec = -usec;
	/* usec / 3.6e9 hours, without trailing zeros */
	PG_RETURN_DATUM(DirectFunctionCall1(numeric_trim_scale,
										DirectFunctionCall2(numeric_div,
															NumericGetDatum(int64_to_numeric(usec)),
															NumericGetDatum(int64_to_numeric(USECS_PER_HOUR)))));
}

/* 22008 at once for a supplement period bounded by an infinite timestamp (unbounded is not that). */
static void
WorkCalCheckPeriods(MultirangeType *periods)
{
	TypeCacheEntry *typcache = lookup_type_cache(MultirangeTypeGetOid(periods), TYPECACHE_MULTIRANGE_INFO);

	for (uint32 i = 0; i < periods->rangeCount; i++)
	{
		RangeBound	lower;
		RangeBound	upper;

		multirange_get_bounds(typcache->rngtype, periods, i, &lower, &upper);
		if ((!lower.infinite && TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(lower.val))) ||
			(!upper.infinite && TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(upper.val))))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("supplement_periods must have finite bounds: period %u is bounded by infinity", i + 1),
					 errhint("Leave the end of a period still open unbounded: [start,).")));
	}
}

/*
 * workcal_due_at(received, limit, in_hours, supplement_periods, cal, null_outside):
 * the legal due date.  received + limit (working days, or working hours when
 * in_hours), then extended by the office time of every closed supplement period
 * that began before the due date reached so far (in order).  An open period
 * (no upper bound) is left to dossier_stats and overdue_at, which stop the clock
 * at its request.  With null_outside, a date the calendar cannot reach gives
 * NULL instead of the 22008 error.
 */
PG_FUNCTION_INFO_V1(workcal_due_at);
Datum
workcal_due_at(PG_FUNCTION_ARGS)
{
	TimestampTz received = PG_GETARG_TIMESTAMPTZ(0);
	Numeric		limit = PG_GETARG_NUMERIC(1);
	bool		in_hours = PG_GETARG_BOOL(2);
	MultirangeType *periods = PG_GETARG_MULTIRANGE_P(3);
	WorkCal    *c = WorkCalArg(fcinfo, 4);
	bool		null_outside = PG_GETARG_BOOL(5);
	TimestampTz due;
	TypeCacheEntry *typcache;
	int32		count;
	RangeType **ranges;
	int32		i;
	MemoryContext caller;

	WorkCalCheckDuration(limit, in_hours ? "a number of working hours" : "a number of working days");
	WorkCalCheckPeriods(periods);
	if (null_outside)
	{
		WorkCalMoment m;

		if (TIMESTAMP_NOT_FINITE(received))
			PG_RETURN_NULL();
		m = WorkCalLocal(received, "received_at");
		if (m.day < c->first || m.day >= c->first + c->ndays)
			PG_RETURN_NULL();
	}

	caller = CurrentMemoryContext;
	PG_TRY();
	{
		due = in_hours ? WorkCalAddHours(c, received, limit, "received_at") :
			WorkCalAddDays(c, received, limit, "received_at");

		/* not multirange_get_typcache: fn_extra holds the calendar's cache */
		typcache = lookup_type_cache(MultirangeTypeGetOid(periods), TYPECACHE_MULTIRANGE_INFO);
		multirange_deserialize(typcache->rngtype, periods, &count, &ranges);
		for (i = 0; i < count; i++)
		{
			RangeBound	lower,
						upper;
			bool		empty;
			TimestampTz from,
						to;
			int64		office;

			range_deserialize(typcache->rngtype, ranges[i], &lower, &upper, &empty);
			if (empty || upper.infinite)
				continue;
			from = lower.infinite ? received : Max(DatumGetTimestampTz(lower.val), received);
			to = DatumGetTimestampTz(upper.val);
			if (from >= due || to <= from)
				continue;
			office = WorkCalOfficeTimeBetween(c, WorkCalLocal(from, "a supplement period's start"),
											  WorkCalLocal(to, "a supplement period's end"));
			due = WorkCalUtc(WorkCalAddOfficeTime(c, WorkCalLocal(due, "the due date"), office));
		}
	}
	PG_CATCH();
	{
		/*
		 * Only our own 22008 (a day past the calendar), raised by ereport in the
		 * arithmetic above, which holds no locks, buffers or other resources, is
		 * turned into NULL; anything else goes on up.
		 */
		if (!null_outside || geterrcode() != ERRCODE_DATETIME_VALUE_OUT_OF_RANGE)
			PG_RE_THROW();
		MemoryContextSwitchTo(caller);
		FlushErrorState();
		PG_RETURN_NULL();
	}
	PG_END_TRY();
	PG_RETURN_TIMESTAMPTZ(due);
}
