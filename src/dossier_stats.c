/*
 * dossier_stats.c — one pass over dossiers for one evaluation window [from, to):
 * every counter that a dossier-based Index 766 metric needs, plus exact sets of
 * procedure ids for the per-procedure metrics.  States of the same window merge
 * exactly (parallel workers, units rolled up to their parent, shards); accessors
 * read rates out of a state.
 *
 * The aggregate's state is this type itself, updated in place inside the
 * aggregate's memory context (see DESIGN.md: Citus pushes a custom aggregate
 * down to its workers only when its state is a real type with a combine
 * function).  A state grows only when a procedure set needs more room.
 */
#include "govindex.h"
#include "dossier_inputs.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/multirangetypes.h"
#include "utils/rangetypes.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

/*
 * Counters, in stored order.  Appending is a format change (new version);
 * the names are the text form's keys and counter()'s argument.
 */
#define DOSSIER_STATS_COUNTERS(X) \
	X(RECEIVED,				"received") \
	X(PENDING_AT_START,		"pending_at_start") \
	X(ENDED_ON_TIME,		"ended_on_time") \
	X(ENDED_LATE,			"ended_late") \
	X(ENDED_NO_DUE,			"ended_no_due") \
	X(PENDING_WITHIN,		"pending_within_deadline") \
	X(PENDING_OVERDUE,		"pending_overdue") \
	X(PENDING_NO_DUE,		"pending_no_due") \
	X(RESOLVED,				"resolved") \
	X(ENDED_STOPPED,		"ended_stopped") \
	X(ENDED_WITHDRAWN,		"ended_withdrawn") \
	X(OVER_ONE_SUPPLEMENT,	"over_one_supplement") \
	X(WAITING_SUPPLEMENT,	"waiting_supplement") \
	X(RECEIVED_DIRECT,		"received_direct") \
	X(RECEIVED_ONLINE,		"received_online") \
	X(RECEIVED_POSTAL,		"received_postal") \
	X(ONLINE_ON_TIME,		"online_on_time") \
	X(ONLINE_OVERDUE,		"online_overdue") \
	X(SYNCED,				"synced") \
	X(PAPER_RESULT_RESOLVED, "paper_result_resolved") \
	X(ELECTRONIC_RESULT,	"electronic_result") \
	X(DIGITIZED,			"digitized") \
	X(REUSED_DATA,			"reused_data") \
	X(PERSONAL_STORE,		"personal_store") \
	X(POPULATION_DATA,		"population_data") \
	X(FEE_BEARING,			"fee_bearing") \
	X(FEE_DATA,				"fee_data") \
	X(PAID_ONLINE,			"paid_online") \
	X(PAID_VIA_PORTAL,		"paid_via_portal") \
	X(LIKES,				"likes") \
	X(DISLIKES,				"dislikes") \
	X(PROCESSING_SECONDS,	"processing_seconds") \
	X(NO_RECEPTION_DATE,	"no_reception_date") \
	X(END_BEFORE_RECEPTION,	"end_before_reception") \
	X(END_STATUS_MISMATCH,	"end_status_mismatch") \
	X(ONLINE_WITH_RESULT,	"online_with_result") \
	X(DIGITIZED_WITH_RESULT, "digitized_with_result") \
	X(FEE_ZERO,				"fee_zero") \
	X(FEE_ZERO_PAID_ONLINE,	"fee_zero_paid_online")

#define COUNTER_ENUM(id, name) DS_##id,
#define COUNTER_NAME(id, name) name,
typedef enum DossierCounter
{
	DOSSIER_STATS_COUNTERS(COUNTER_ENUM)
	DS_NCOUNTERS
} DossierCounter;
static const char *const counter_names[] = {DOSSIER_STATS_COUNTERS(COUNTER_NAME)};

/*
 * Versions 1 and 2 have the counters before online_with_result.  Their values are
 * read with the four later counters as the rules of their time counted (portal
 * counting, METHODOLOGY.md §1.6, came with version 3): every online dossier as an
 * online submission, every digitized one as digitized, no dossier of zero fees.
 */
#define DS_V2_NCOUNTERS			((int) DS_ONLINE_WITH_RESULT)
StaticAssertDecl(DS_V2_NCOUNTERS == 35, "versions 1 and 2 have 35 counters");

static void
FillVersion2Counters(int64 *c)
{
	c[DS_ONLINE_WITH_RESULT] = c[DS_RECEIVED_ONLINE];
	c[DS_DIGITIZED_WITH_RESULT] = c[DS_DIGITIZED];
	c[DS_FEE_ZERO] = 0;
	c[DS_FEE_ZERO_PAID_ONLINE] = 0;
}

/* Exact sets of procedure ids, over dossiers received in the window. */
typedef enum ProcedureSet
{
	SET_ONLINE,					/* with at least one online dossier */
	SET_PAID_ONLINE,			/* with at least one dossier paid online */
	SET_FEE_DATA,				/* with at least one dossier carrying fee data */
	SET_POPULATION_DATA,		/* with at least one dossier using population data */
	DS_NSETS
} ProcedureSet;
static const char *const set_names[] = {"online", "paid_online", "fee_data", "population_data"};

/*
 * Version 2 added the kind byte (parts), version 3 the counters of the portal's
 * own counting rules (online_with_result and after); version 1 values, all
 * window states, and version 2 values are still read: GetStats() converts them
 * in memory (FillVersion2Counters).
 */
#define DOSSIER_STATS_VERSION	3

/*
 * What a state counts.  A window state holds every counter of the dossiers
 * processed in its window.  A part holds one of three disjoint shares of them
 * (see StatsPart), which add up over days: the daily summaries (dossier_days.sql)
 * store parts, and assemble() turns the sum of a window's parts into its window
 * state.  In a part, the pending_at_start slot counts every processed dossier of
 * the part; received ones are subtracted when the parts are assembled.
 */
typedef enum StatsKind
{
	STATS_WINDOW = 0,
	STATS_PART = 1
} StatsKind;

/* Which share of a window a part aggregate counts (its last argument). */
typedef enum StatsPart
{
	PART_NONE,					/* the window aggregate: everything */
	PART_RECEIVED,				/* counts over the dossiers received in the window */
	PART_ENDED,					/* the other counts, of dossiers that ended in the window */
	PART_PENDING				/* the other counts, of dossiers pending at its close */
} StatsPart;

/*
 * The value, in memory and on disk (native byte order; send/recv is the
 * portable form, and lists ids).  Each procedure set is a bitmap of set_words
 * 64-bit words covering the ids from set_base (a multiple of 64) on: procedure
 * ids are dense, so membership costs one bit test per dossier, and a set of the
 * ~2,000 procedures of a province takes a few hundred bytes.
 */
typedef struct DossierStats
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;			/* StatsKind */
	uint8		nsets;
	uint8		ncounters;
	TimestampTz window_from;
	TimestampTz window_to;
	int64		counters[DS_NCOUNTERS];
	int32		set_base[DS_NSETS];
	int32		set_words[DS_NSETS];
	int32		set_count[DS_NSETS];
	uint64		bits[FLEXIBLE_ARRAY_MEMBER];
} DossierStats;

#define DossierStatsSize(total_words) (offsetof(DossierStats, bits) + (Size) (total_words) * sizeof(uint64))

/*
 * The one limit on a procedure set: its lowest and highest ids differ by less
 * than SET_MAX_IDS.  Building, adding, merging, text and binary input all check
 * exactly this (CheckSetSpan); a stored bitmap then needs at most SET_MAX_WORDS
 * words (2 MB).
 */
#define SET_MAX_IDS				(INT64CONST(1) << 24)
#define SET_MAX_WORDS			((int32) (SET_MAX_IDS / 64 + 1))
/* A state growing in place may reserve room for every id still allowed: twice that (4 MB). */
#define SET_GROW_MAX_WORDS		(2 * SET_MAX_WORDS)
#define PG_GETARG_DOSSIER_STATS_P(n) GetStats(PG_GETARG_DATUM(n))

/* The version 1 header: no kind; nsets, then ncounters as two bytes. */
typedef struct DossierStatsV1Header
{
	int32		vl_len_;
	uint8		version;
	uint8		nsets;
	uint16		ncounters;
} DossierStatsV1Header;

/*
 * A stored state, detoasted; a value of version 1 or 2 (laid out as today after
 * its header, with 35 counters) comes back as a converted copy.
 */
static DossierStats *
GetStats(Datum value)
{
	DossierStats *stats = (DossierStats *) PG_DETOAST_DATUM(value);
	int			ncounters;
	int			nsets;
	Size		old_counters_end = offsetof(DossierStats, counters) + DS_V2_NCOUNTERS * sizeof(int64);
	Size		added = (DS_NCOUNTERS - DS_V2_NCOUNTERS) * sizeof(int64);
	DossierStats *copy;

	if (stats->version == DOSSIER_STATS_VERSION)
		return stats;
	if (stats->version != 1 && stats->version != 2)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("stored dossier_stats value has unknown format version %d", stats->version),
				 errdetail("This version of govindex reads versions 1 to %d.", DOSSIER_STATS_VERSION)));
	StaticAssertStmt(sizeof(DossierStatsV1Header) == offsetof(DossierStats, window_from),
					 "after the header, version 1 is laid out as version 2");
	if (stats->version == 1)
	{
		DossierStatsV1Header *v1 = (DossierStatsV1Header *) stats;

		ncounters = v1->ncounters;
		nsets = v1->nsets;
	}
	else
	{
		ncounters = stats->ncounters;
		nsets = stats->nsets;
	}
	if (nsets != DS_NSETS || ncounters != DS_V2_NCOUNTERS || VARSIZE(stats) < old_counters_end)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("stored dossier_stats value of version %d has %d counters and %d sets",
						stats->version, ncounters, nsets)));
	/* the counters grow by whole int64s: the sets and bitmaps keep their alignment */
	copy = palloc(VARSIZE(stats) + added);
	memcpy(copy, stats, old_counters_end);
	memcpy((char *) copy + old_counters_end + added, (char *) stats + old_counters_end,
		   VARSIZE(stats) - old_counters_end);
	SET_VARSIZE(copy, VARSIZE(stats) + added);
	if (stats->version == 1)
		copy->kind = STATS_WINDOW;
	copy->version = DOSSIER_STATS_VERSION;
	copy->nsets = DS_NSETS;
	copy->ncounters = DS_NCOUNTERS;
	FillVersion2Counters(copy->counters);
	return copy;
}

/*
 * Arguments of the transition function after the state, in SQL order: the input
 * columns (dossier_inputs.h, from which the SQL signatures are generated), then
 * the window.
 */
#define INPUT_ARG(id, name, type) ARG_##id,
enum
{
	ARG_STATE = 0,
	DOSSIER_INPUTS(INPUT_ARG)
	ARG_WINDOW,
	ARG_COUNT,
	ARG_PART = ARG_COUNT		/* dossier_stats_part's extra argument */
};

/* Room for a tstzrange datum (about 21 bytes) in the cache. */
#define WINDOW_BYTES_MAX		64

/* Per-call-site cache: enum label OIDs, the multirange type, the last window seen. */
typedef struct TransCache
{
	Oid			status_stopped;
	Oid			status_withdrawn;
	Oid			channel_direct;
	Oid			channel_online;
	Oid			channel_postal;
	Oid			payment_portal;
	Oid			rating_like;
	Oid			rating_dislike;
	TypeCacheEntry *supplement_range_type;
	char		window_bytes[WINDOW_BYTES_MAX];	/* the window argument last parsed */
	Size		window_size;	/* its size, 0 before the first */
	TimestampTz window_from;
	TimestampTz window_to;
} TransCache;

/* The OID of an enum label of a govindex enum type. */
static Oid
GovindexEnumLabel(const char *type_name, const char *label)
{
	Oid			nsp = get_namespace_oid("govindex", false);
	Oid			type_oid;
	Oid			label_oid;

	type_oid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
							   CStringGetDatum(type_name), ObjectIdGetDatum(nsp));
	if (!OidIsValid(type_oid))
		elog(ERROR, "type govindex.%s does not exist", type_name);
	label_oid = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
								ObjectIdGetDatum(type_oid), CStringGetDatum(label));
	if (!OidIsValid(label_oid))
		elog(ERROR, "govindex.%s has no label \"%s\"", type_name, label);
	return label_oid;
}

/* The transition function's cache, built on its first call. */
static TransCache *
GetTransCache(FunctionCallInfo fcinfo)
{
	TransCache *cache = (TransCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(TransCache));
		cache->status_stopped = GovindexEnumLabel("end_status", "stopped");
		cache->status_withdrawn = GovindexEnumLabel("end_status", "withdrawn");
		cache->channel_direct = GovindexEnumLabel("channel", "direct");
		cache->channel_online = GovindexEnumLabel("channel", "online");
		cache->channel_postal = GovindexEnumLabel("channel", "postal");
		cache->payment_portal = GovindexEnumLabel("payment_channel", "portal");
		cache->rating_like = GovindexEnumLabel("citizen_rating", "like");
		cache->rating_dislike = GovindexEnumLabel("citizen_rating", "dislike");
		cache->supplement_range_type =
			lookup_type_cache(TSTZMULTIRANGEOID, TYPECACHE_MULTIRANGE_INFO)->rngtype;
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

/*
 * Bounds of an evaluation window; it must be a non-empty, finite, half-open
 * [from, to).  sqlstate: 22023 for an argument, 22P02 inside a text form, where
 * the detail where says where it is (NULL for an argument).
 */
static void
ParseWindow(Datum window, TimestampTz *from, TimestampTz *to, int sqlstate, const char *where)
{
	RangeType  *range = DatumGetRangeTypeP(window);
	TypeCacheEntry *typcache = lookup_type_cache(RangeTypeGetOid(range), TYPECACHE_RANGE_INFO);
	RangeBound	lower;
	RangeBound	upper;
	bool		empty;

	if (typcache->rngelemtype == NULL || typcache->rngelemtype->type_id != TIMESTAMPTZOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("an evaluation window must be a tstzrange")));
	range_deserialize(typcache, range, &lower, &upper, &empty);
	if (empty)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("the evaluation window is empty"),
				 where ? errdetail("%s", where) : 0,
				 errhint("Give a window such as tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07').")));
	if (lower.infinite || upper.infinite ||
		TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(lower.val)) ||
		TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(upper.val)))
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("the evaluation window must be bounded on both sides"),
				 where ? errdetail("%s", where) : 0,
				 errhint("Give a window such as tstzrange('2023-01-01 00:00+07', '2024-01-01 00:00+07').")));
	if (!lower.inclusive || upper.inclusive)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("the evaluation window must be half-open, [from, to)"),
				 where ? errdetail("%s", where) : 0,
				 errhint("tstzrange(from, to) makes a half-open range.")));
	*from = DatumGetTimestampTz(lower.val);
	*to = DatumGetTimestampTz(upper.val);
}

/* The window as a tstzrange datum, [from, to). */
static Datum
WindowDatum(TimestampTz from, TimestampTz to)
{
	TypeCacheEntry *typcache = lookup_type_cache(TSTZRANGEOID, TYPECACHE_RANGE_INFO);
	RangeBound	lower = {TimestampTzGetDatum(from), false, true, true};
	RangeBound	upper = {TimestampTzGetDatum(to), false, false, false};

	return RangeTypePGetDatum(make_range(typcache, &lower, &upper, false));
}

/* A zeroed state for a window whose sets cover the given bases and word counts (NULL: empty sets). */
static DossierStats *
NewStats(TimestampTz from, TimestampTz to, const int32 *bases, const int32 *words)
{
	int32		total = 0;
	DossierStats *stats;

	for (int i = 0; i < DS_NSETS; i++)
		total += words ? words[i] : 0;
	stats = palloc0(DossierStatsSize(total));
	SET_VARSIZE(stats, DossierStatsSize(total));
	stats->version = DOSSIER_STATS_VERSION;
	stats->kind = STATS_WINDOW;
	stats->nsets = DS_NSETS;
	stats->ncounters = DS_NCOUNTERS;
	stats->window_from = from;
	stats->window_to = to;
	for (int i = 0; i < DS_NSETS; i++)
	{
		stats->set_base[i] = bases ? bases[i] : 0;
		stats->set_words[i] = words ? words[i] : 0;
	}
	return stats;
}

/* First word of a set's bitmap. */
static inline uint64 *
SetBits(DossierStats *stats, int set)
{
	int32		offset = 0;

	for (int i = 0; i < set; i++)
		offset += stats->set_words[i];
	return stats->bits + offset;
}

/* The multiple of 64 at or below id, as the base of a bitmap word. */
static inline int64
WordStart(int64 id)
{
	return id - (((id % 64) + 64) % 64);
}

/*
 * OR the words of set `set` of src that lie in dst's bitmap into it.  Bases are
 * multiples of 64; the caller makes dst's bitmap cover every id src holds.
 */
static void
OrSetBits(DossierStats *dst, DossierStats *src, int set)
{
	int64		lo = Max((int64) dst->set_base[set], (int64) src->set_base[set]);
	int64		hi = Min((int64) dst->set_base[set] + (int64) dst->set_words[set] * 64,
						 (int64) src->set_base[set] + (int64) src->set_words[set] * 64);
	uint64	   *out;
	uint64	   *in;

	if (hi <= lo)
		return;
	out = SetBits(dst, set) + (lo - dst->set_base[set]) / 64;
	in = SetBits(src, set) + (lo - src->set_base[set]) / 64;
	for (int64 w = 0; w < (hi - lo) / 64; w++)
		out[w] |= in[w];
}

/* A copy of stats in the current context whose sets cover the given bases and word counts (each covering its ids). */
static DossierStats *
Relaid(DossierStats *stats, const int32 *bases, const int32 *words)
{
	DossierStats *copy = NewStats(stats->window_from, stats->window_to, bases, words);

	copy->kind = stats->kind;
	memcpy(copy->counters, stats->counters, sizeof(stats->counters));
	for (int i = 0; i < DS_NSETS; i++)
	{
		OrSetBits(copy, stats, i);
		copy->set_count[i] = stats->set_count[i];
	}
	return copy;
}

/* The lowest (or highest) id of a non-empty set. */
static int64
SetExtreme(DossierStats *stats, int set, bool highest)
{
	uint64	   *bits = SetBits(stats, set);
	int32		n = stats->set_words[set];

	for (int32 k = 0; k < n; k++)
	{
		int32		w = highest ? n - 1 - k : k;

		if (bits[w] != 0)
			return (int64) stats->set_base[set] + (int64) w * 64 +
				(highest ? pg_leftmost_one_pos64(bits[w]) : pg_rightmost_one_pos64(bits[w]));
	}
	elog(ERROR, "procedure set %s of dossier_stats is empty", set_names[set]);
}

static void SetTooWide(int set, int64 first, int64 last) pg_attribute_noreturn();
static char *Inconsistency(DossierStats *s);
static char *Int128Text(int128 v);

/* Refuse a set whose ids spread wider than one bitmap may span. */
static void
SetTooWide(int set, int64 first, int64 last)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("procedure ids from " INT64_FORMAT " to " INT64_FORMAT " are too far apart for set %s",
					first, last, set_names[set]),
			 errdetail("A procedure set covers at most " INT64_FORMAT " consecutive ids.", SET_MAX_IDS),
			 errhint("Number procedures densely, as an identity column does.")));
}

/* The set limit, the same everywhere: lowest and highest id less than SET_MAX_IDS apart. */
static inline void
CheckSetSpan(int set, int64 lowest, int64 highest)
{
	if (highest - lowest >= SET_MAX_IDS)
		SetTooWide(set, lowest, highest);
}

/*
 * Add id to a set; returns the state, or a larger copy (in the current context)
 * when the id lies outside the set's bitmap.  Growth keeps some room on the side
 * it grew, so that a scan adding ids in order copies the state rarely.
 */
static DossierStats *
SetAdd(DossierStats *stats, int set, int32 id)
{
	int64		offset = (int64) id - stats->set_base[set];
	uint64	   *word;
	uint64		bit;

	if (offset < 0 || offset >= (int64) stats->set_words[set] * 64)
	{
		int32		bases[DS_NSETS];
		int32		words[DS_NSETS];
		int64		lowest = id;
		int64		highest = id;
		int64		first;
		int64		end;

		if (stats->set_count[set] > 0)
		{
			lowest = Min(lowest, SetExtreme(stats, set, false));
			highest = Max(highest, SetExtreme(stats, set, true));
		}
		/* the limit is checked on the ids, before any room for growth is added */
		CheckSetSpan(set, lowest, highest);
		first = WordStart(lowest);
		end = WordStart(highest) + 64;
		if (stats->set_count[set] > 0)
		{
			/* room on the side it grew */
			int64		slack = (int64) Max(8, stats->set_words[set] / 4) * 64;

			if (id < stats->set_base[set])
				first -= slack;
			else
				end += slack;
			/*
			 * Near the limit, room for every id still allowed (within SET_MAX_IDS
			 * of both extremes): no later id moves the bitmap again, whatever
			 * order the ids come in.  Final states are trimmed to their ids.
			 */
			if (end - first > (int64) SET_MAX_WORDS * 64)
			{
				first = WordStart(highest - (SET_MAX_IDS - 1));
				end = WordStart(lowest + (SET_MAX_IDS - 1)) + 64;
			}
			first = Max(first, (int64) PG_INT32_MIN);
			end = Min(end, (int64) PG_INT32_MAX + 1);
		}
		memcpy(bases, stats->set_base, sizeof(bases));
		memcpy(words, stats->set_words, sizeof(words));
		bases[set] = (int32) first;
		words[set] = (int32) ((end - first) / 64);
		Assert(words[set] <= SET_GROW_MAX_WORDS);
		stats = Relaid(stats, bases, words);
		offset = (int64) id - stats->set_base[set];
	}
	word = SetBits(stats, set) + offset / 64;
	bit = UINT64CONST(1) << (offset % 64);
	if ((*word & bit) == 0)
	{
		*word |= bit;
		stats->set_count[set]++;
	}
	return stats;
}

/* The ids of a set, ascending, into ids (room for set_count); returns how many. */
static int32
SetIds(DossierStats *stats, int set, int32 *ids)
{
	uint64	   *bits = SetBits(stats, set);
	int32		n = 0;

	for (int32 w = 0; w < stats->set_words[set]; w++)
		for (uint64 word = bits[w]; word != 0; word &= word - 1)
			ids[n++] = stats->set_base[set] + w * 64 + pg_rightmost_one_pos64(word);
	return n;
}

/* A copy of stats whose sets have no leading or trailing empty words: the stored, canonical form. */
static DossierStats *
Trimmed(DossierStats *stats)
{
	int32		bases[DS_NSETS];
	int32		words[DS_NSETS];
	DossierStats *copy;

	for (int i = 0; i < DS_NSETS; i++)
	{
		uint64	   *bits = SetBits(stats, i);
		int32		lo = 0;
		int32		hi = stats->set_words[i];

		while (lo < hi && bits[lo] == 0)
			lo++;
		while (hi > lo && bits[hi - 1] == 0)
			hi--;
		bases[i] = lo < hi ? stats->set_base[i] + lo * 64 : 0;
		words[i] = hi - lo;
	}
	copy = NewStats(stats->window_from, stats->window_to, bases, words);
	copy->kind = stats->kind;
	memcpy(copy->counters, stats->counters, sizeof(stats->counters));
	for (int i = 0; i < DS_NSETS; i++)
	{
		if (words[i] > 0)
			memcpy(SetBits(copy, i), SetBits(stats, i) + (bases[i] - stats->set_base[i]) / 64,
				   words[i] * sizeof(uint64));
		copy->set_count[i] = stats->set_count[i];
	}
	return copy;
}

/* Whether a state is already in its trimmed form. */
static bool
IsTrimmed(DossierStats *stats)
{
	for (int i = 0; i < DS_NSETS; i++)
	{
		uint64	   *bits = SetBits(stats, i);

		if (stats->set_words[i] > 0 && (bits[0] == 0 || bits[stats->set_words[i] - 1] == 0))
			return false;
	}
	return true;
}

/*
 * A state with the given counters and sets given as ascending id lists; NULL,
 * with the set in *unordered, if a list is not strictly ascending.
 */
static DossierStats *
StatsFromIds(TimestampTz from, TimestampTz to, const int64 *counters, int32 *const *ids, const int32 *n,
			 int *unordered)
{
	int32		bases[DS_NSETS];
	int32		words[DS_NSETS];
	DossierStats *stats;

	for (int i = 0; i < DS_NSETS; i++)
	{
		for (int32 k = 1; k < n[i]; k++)
			if (ids[i][k] <= ids[i][k - 1])
			{
				*unordered = i;
				return NULL;
			}
		if (n[i] > 0)
			CheckSetSpan(i, ids[i][0], ids[i][n[i] - 1]);
		bases[i] = n[i] > 0 ? (int32) WordStart(ids[i][0]) : 0;
		words[i] = n[i] > 0 ? (int32) ((WordStart(ids[i][n[i] - 1]) - bases[i]) / 64 + 1) : 0;
	}
	stats = NewStats(from, to, bases, words);
	memcpy(stats->counters, counters, sizeof(stats->counters));
	for (int i = 0; i < DS_NSETS; i++)
		for (int32 k = 0; k < n[i]; k++)
			stats = SetAdd(stats, i, ids[i][k]);
	return stats;
}

/*
 * Whether a multirange datum is empty, without detoasting it: most dossiers never
 * wait for a supplement, and copying their empty '{}' out of a short varlena on
 * every row costs more than the rest of the row.  An empty multirange is its header
 * only (type and range count); any range makes it longer.
 */
static inline bool
IsEmptyMultirange(Datum value)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(value);

	return !VARATT_IS_EXTERNAL(raw) && !VARATT_IS_COMPRESSED(raw) &&
		VARSIZE_ANY_EXHDR(raw) == sizeof(MultirangeType) - VARHDRSZ;
}

/* Microseconds of [from, to) spent waiting for supplements (in 128 bits: timestamps may lie 2^63 apart). */
static int128
SupplementTime(TransCache *cache, MultirangeType *periods, TimestampTz from, TimestampTz to)
{
	int128		total = 0;

	for (uint32 i = 0; i < periods->rangeCount; i++)
	{
		RangeBound	lower;
		RangeBound	upper;
		TimestampTz start;
		TimestampTz end;

		multirange_get_bounds(cache->supplement_range_type, periods, i, &lower, &upper);
		start = lower.infinite ? from : Max(from, DatumGetTimestampTz(lower.val));
		end = upper.infinite ? to : Min(to, DatumGetTimestampTz(upper.val));
		if (end > start)
			total += (int128) end - start;
	}
	return total;
}

/*
 * Whether a dossier is still waiting for a supplement at t, and since when
 * (*since: its clock stopped then).  A bool, not a sentinel time: any moment,
 * 2000-01-01 00:00 UTC (0) included, may be a request's.
 */
static bool
WaitingSince(TransCache *cache, MultirangeType *periods, TimestampTz t, TimestampTz *since)
{
	for (uint32 i = 0; i < periods->rangeCount; i++)
	{
		RangeBound	lower;
		RangeBound	upper;

		multirange_get_bounds(cache->supplement_range_type, periods, i, &lower, &upper);
		if (!lower.infinite && DatumGetTimestampTz(lower.val) < t &&
			(upper.infinite || DatumGetTimestampTz(upper.val) > t))
		{
			*since = DatumGetTimestampTz(lower.val);
			return true;
		}
	}
	return false;
}

/* A supplement period bounded by an infinite timestamp (not unbounded) is 22008 at once. */
static void
CheckFinitePeriods(TransCache *cache, MultirangeType *periods)
{
	for (uint32 i = 0; i < periods->rangeCount; i++)
	{
		RangeBound	lower;
		RangeBound	upper;

		multirange_get_bounds(cache->supplement_range_type, periods, i, &lower, &upper);
		if ((!lower.infinite && TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(lower.val))) ||
			(!upper.infinite && TIMESTAMP_NOT_FINITE(DatumGetTimestampTz(upper.val))))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("supplement_periods of a dossier must have finite bounds: period %u is bounded by infinity",
							i + 1),
					 errhint("Leave the end of a period still open unbounded: [start,).")));
	}
}

static void CounterOverflow(DossierCounter counter) pg_attribute_noreturn();

/* A counter would pass bigint: a state given as an aggregate's initial value may start anywhere. */
static void
CounterOverflow(DossierCounter counter)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("dossier_stats counter \"%s\" out of range", counter_names[counter])));
}

/* One more in a counter, checked. */
static inline void
Count(int64 *c, DossierCounter counter)
{
	if (unlikely(c[counter] == PG_INT64_MAX))
		CounterOverflow(counter);
	c[counter]++;
}

#define ARG_BOOL(n)			(!PG_ARGISNULL(n) && PG_GETARG_BOOL(n))
#define ARG_OID_IS(n, oid)	(!PG_ARGISNULL(n) && PG_GETARG_OID(n) == (oid))

/*
 * The counts of a processed dossier that do not depend on when it was received
 * (received or pending at the start): how it ended, or how it stands at the
 * close.  has_end: it ended before the close.
 */
static void
CountProcessed(int64 *c, TransCache *cache, FunctionCallInfo fcinfo, TimestampTz to,
			   TimestampTz received, TimestampTz ended, bool has_end, MultirangeType *periods)
{
	bool		has_due = !PG_ARGISNULL(ARG_DUE_AT);
	TimestampTz due = has_due ? PG_GETARG_TIMESTAMPTZ(ARG_DUE_AT) : 0;
	bool		has_status = !PG_ARGISNULL(ARG_END_STATUS);
	bool		over_one_supplement;
	bool		on_time;

	if (has_status != !PG_ARGISNULL(ARG_ENDED_AT))
		Count(c, DS_END_STATUS_MISMATCH);
	over_one_supplement = !PG_ARGISNULL(ARG_SUPPLEMENT_REQUESTS) &&
		PG_GETARG_INT16(ARG_SUPPLEMENT_REQUESTS) > 1;
	if (over_one_supplement)
		Count(c, DS_OVER_ONE_SUPPLEMENT);

	if (has_end)
	{
		bool		stopped = has_status && PG_GETARG_OID(ARG_END_STATUS) == cache->status_stopped;
		bool		withdrawn = has_status && PG_GETARG_OID(ARG_END_STATUS) == cache->status_withdrawn;

		on_time = !over_one_supplement && ended <= due;
		if (!has_due && !over_one_supplement)
			Count(c, DS_ENDED_NO_DUE);
		else
			Count(c, on_time ? DS_ENDED_ON_TIME : DS_ENDED_LATE);

		if (stopped)
			Count(c, DS_ENDED_STOPPED);
		else if (withdrawn)
			Count(c, DS_ENDED_WITHDRAWN);
		else
		{
			/* finished or returned (or an end without a status): a result was issued */
			int64		usecs;
			int64		seconds;

			if (periods == NULL && !pg_sub_s64_overflow(ended, received, &usecs))
				seconds = usecs / USECS_PER_SEC;	/* ended >= received */
			else
			{
				/* timestamps may lie up to 2^63.1 apart: in 128 bits, then below 2^64 / 10^6 seconds */
				int128		wide = (int128) ended - received;

				if (periods != NULL)
					wide -= SupplementTime(cache, periods, received, ended);
				seconds = (int64) (Max(wide, 0) / USECS_PER_SEC);
			}
			Count(c, DS_RESOLVED);
			if (pg_add_s64_overflow(c[DS_PROCESSING_SECONDS], seconds, &c[DS_PROCESSING_SECONDS]))
				CounterOverflow(DS_PROCESSING_SECONDS);
			if (ARG_BOOL(ARG_PAPER_RESULT_REQUIRED))
			{
				Count(c, DS_PAPER_RESULT_RESOLVED);
				if (ARG_BOOL(ARG_ELECTRONIC_RESULT))
					Count(c, DS_ELECTRONIC_RESULT);
			}
		}
	}
	else
	{
		/* pending at the close; a dossier waiting for a supplement stopped its clock then */
		TimestampTz at = to;

		if (periods != NULL && WaitingSince(cache, periods, to, &at))
			Count(c, DS_WAITING_SUPPLEMENT);
		on_time = !over_one_supplement && due >= at;
		if (!has_due && !over_one_supplement)
			Count(c, DS_PENDING_NO_DUE);
		else
			Count(c, on_time ? DS_PENDING_WITHIN : DS_PENDING_OVERDUE);
	}
	if (ARG_OID_IS(ARG_CHANNEL, cache->channel_online) && (has_due || over_one_supplement))
		Count(c, on_time ? DS_ONLINE_ON_TIME : DS_ONLINE_OVERDUE);

	if (ARG_OID_IS(ARG_RATING, cache->rating_like))
		Count(c, DS_LIKES);
	else if (ARG_OID_IS(ARG_RATING, cache->rating_dislike))
		Count(c, DS_DISLIKES);
}

/* The counts over a dossier received in the window; returns stats, or a larger copy when a set grew. */
static DossierStats *
CountReceived(DossierStats *stats, TransCache *cache, FunctionCallInfo fcinfo)
{
	int64	   *c = stats->counters;
	bool		online = ARG_OID_IS(ARG_CHANNEL, cache->channel_online);
	/* with its result as the portal wants it: electronic, where a paper result is required */
	bool		result_counted = !ARG_BOOL(ARG_PAPER_RESULT_REQUIRED) || ARG_BOOL(ARG_ELECTRONIC_RESULT);
	bool		fee_zero;

	Count(c, DS_RECEIVED);
	if (online)
	{
		Count(c, DS_RECEIVED_ONLINE);
		if (result_counted)
			Count(c, DS_ONLINE_WITH_RESULT);
	}
	else if (ARG_OID_IS(ARG_CHANNEL, cache->channel_postal))
		Count(c, DS_RECEIVED_POSTAL);
	else
		Count(c, DS_RECEIVED_DIRECT);
	if (ARG_BOOL(ARG_SYNCED))
		Count(c, DS_SYNCED);
	if (ARG_BOOL(ARG_DIGITIZED))
	{
		Count(c, DS_DIGITIZED);
		if (result_counted)
			Count(c, DS_DIGITIZED_WITH_RESULT);
	}
	if (ARG_BOOL(ARG_REUSED_DATA))
		Count(c, DS_REUSED_DATA);
	if (ARG_BOOL(ARG_PERSONAL_STORE))
		Count(c, DS_PERSONAL_STORE);
	if (ARG_BOOL(ARG_POPULATION_DATA))
		Count(c, DS_POPULATION_DATA);
	/* fee lines that are all 0 (the amount is their sum, each line at least 0) */
	fee_zero = !PG_ARGISNULL(ARG_FEE_AMOUNT) && PG_GETARG_INT64(ARG_FEE_AMOUNT) == 0;
	if (ARG_BOOL(ARG_FEE_BEARING))
	{
		Count(c, DS_FEE_BEARING);
		if (!PG_ARGISNULL(ARG_FEE_AMOUNT))
			Count(c, DS_FEE_DATA);
		if (fee_zero)
			Count(c, DS_FEE_ZERO);
		if (!PG_ARGISNULL(ARG_PAID_ONLINE))
		{
			Count(c, DS_PAID_ONLINE);
			if (PG_GETARG_OID(ARG_PAID_ONLINE) == cache->payment_portal)
				Count(c, DS_PAID_VIA_PORTAL);
			if (fee_zero)
				Count(c, DS_FEE_ZERO_PAID_ONLINE);
		}
	}

	if (!PG_ARGISNULL(ARG_PROCEDURE_ID))
	{
		int32		procedure = PG_GETARG_INT32(ARG_PROCEDURE_ID);

		/* c points into the old state once a set grows: no counter updates below */
		if (online)
			stats = SetAdd(stats, SET_ONLINE, procedure);
		/* a dossier whose every fee line is 0 paid nothing (METHODOLOGY.md §1.6, 3.5) */
		if (ARG_BOOL(ARG_FEE_BEARING) && !PG_ARGISNULL(ARG_PAID_ONLINE) && !fee_zero)
			stats = SetAdd(stats, SET_PAID_ONLINE, procedure);
		if (ARG_BOOL(ARG_FEE_BEARING) && !PG_ARGISNULL(ARG_FEE_AMOUNT) && !fee_zero)
			stats = SetAdd(stats, SET_FEE_DATA, procedure);
		if (ARG_BOOL(ARG_POPULATION_DATA))
			stats = SetAdd(stats, SET_POPULATION_DATA, procedure);
	}
	return stats;
}

/*
 * Count one dossier into stats, or the share of it that part selects; returns
 * stats, or a larger copy when a set grew.  The three parts split every
 * dossier's counts without overlap: what depends on its receipt goes to the
 * part of the day it was received, the rest to the part of the day it ended, or
 * to the window's own pending part when it is still pending at the close.
 */
static DossierStats *
AccumulateDossier(DossierStats *stats, TransCache *cache, FunctionCallInfo fcinfo, StatsPart part)
{
	int64	   *c = stats->counters;
	TimestampTz from = stats->window_from;
	TimestampTz to = stats->window_to;
	TimestampTz received;
	TimestampTz ended = 0;
	bool		has_end;
	bool		in_window;
	MultirangeType *periods = NULL;

	if (PG_ARGISNULL(ARG_RECEIVED_AT))
	{
		/* on no day: counted once per window, with the pending part */
		if (part == PART_NONE || part == PART_PENDING)
			Count(c, DS_NO_RECEPTION_DATE);
		return stats;
	}
	received = PG_GETARG_TIMESTAMPTZ(ARG_RECEIVED_AT);
	if (received >= to)
		return stats;			/* not yet received when the window closes */
	in_window = received >= from;

	/* an end after the window's close is unknown at the close: still pending */
	has_end = !PG_ARGISNULL(ARG_ENDED_AT);
	if (has_end)
	{
		ended = PG_GETARG_TIMESTAMPTZ(ARG_ENDED_AT);
		if (ended < received)
		{
			if (in_window && (part == PART_NONE || part == PART_RECEIVED))
				Count(c, DS_END_BEFORE_RECEPTION);
			return stats;
		}
		if (ended < from)
			return stats;		/* finished before the window opened */
		if (ended >= to)
			has_end = false;
	}

	/* the dossier is processed in the window: received in it, or pending at its start */
	if (part == PART_RECEIVED)
		return in_window ? CountReceived(stats, cache, fcinfo) : stats;
	if ((part == PART_ENDED && !has_end) || (part == PART_PENDING && has_end))
		return stats;
	/* a window counts the pending at its start; a part, all it processes (see StatsKind) */
	if (part != PART_NONE || !in_window)
		Count(c, DS_PENDING_AT_START);

	if (!PG_ARGISNULL(ARG_SUPPLEMENT_PERIODS) &&
		!IsEmptyMultirange(PG_GETARG_DATUM(ARG_SUPPLEMENT_PERIODS)))
	{
		periods = PG_GETARG_MULTIRANGE_P(ARG_SUPPLEMENT_PERIODS);
		CheckFinitePeriods(cache, periods);
	}
	CountProcessed(c, cache, fcinfo, to, received, ended, has_end, periods);

	if (part == PART_NONE && in_window)
		stats = CountReceived(stats, cache, fcinfo);
	return stats;
}

/* The part named by dossier_stats_part's last argument. */
static StatsPart
PartArg(text *name)
{
	const char *p = VARDATA_ANY(name);
	int			len = VARSIZE_ANY_EXHDR(name);

	if (len == 8 && memcmp(p, "received", 8) == 0)
		return PART_RECEIVED;
	if (len == 5 && memcmp(p, "ended", 5) == 0)
		return PART_ENDED;
	if (len == 7 && memcmp(p, "pending", 7) == 0)
		return PART_PENDING;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown part \"%s\" of dossier statistics", govindex_quote(text_to_cstring(name))),
			 errhint("The parts are received, ended and pending.")));
}

/*
 * The window argument's bounds, parsed again only when its bytes change: it is
 * a constant in the reports, and per group when summaries are built by day (a
 * datum's address alone proves nothing: per-row memory is reused).
 */
static void
CachedWindow(TransCache *cache, Datum window)
{
	struct varlena *raw = (struct varlena *) DatumGetPointer(window);
	Size		size = VARSIZE_ANY(raw);
	/* plain bytes, with a short header too (a window read from a table column) */
	bool		comparable = !VARATT_IS_EXTERNAL(raw) && !VARATT_IS_COMPRESSED(raw) &&
		size <= WINDOW_BYTES_MAX;

	if (!comparable || size != cache->window_size || memcmp(raw, cache->window_bytes, size) != 0)
	{
		ParseWindow(window, &cache->window_from, &cache->window_to, ERRCODE_INVALID_PARAMETER_VALUE, NULL);
		cache->window_size = 0;
		if (comparable)
		{
			memcpy(cache->window_bytes, raw, size);
			cache->window_size = size;
		}
	}
}

/* A timestamp argument of the transition function must be finite (or NULL): 22008 naming it. */
static void
CheckFiniteArg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	if (!PG_ARGISNULL(argno) && TIMESTAMP_NOT_FINITE(PG_GETARG_TIMESTAMPTZ(argno)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("%s of a dossier must be a finite timestamp, not %s", name,
						TIMESTAMP_IS_NOBEGIN(PG_GETARG_TIMESTAMPTZ(argno)) ? "-infinity" : "infinity"),
				 errhint("Leave a moment that is not known NULL.")));
}

/*
 * What updating a state in place relies on.  The state is ours, or an initial
 * value a user gave CREATE AGGREGATE (initcond), read by dossier_stats_in and so
 * consistent, but of either kind and with counters anywhere in bigint.
 */
static void
CheckTransState(DossierStats *stats, StatsKind kind)
{
	int128		processed;

	if (VARATT_IS_EXTENDED(stats) || stats->version != DOSSIER_STATS_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the state of a dossier_stats aggregate must be a plain dossier_stats value of version %d",
						DOSSIER_STATS_VERSION)));
	if (stats->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 kind == STATS_PART ?
				 errmsg("the state of dossier_stats_part must be a part, not the statistics of a window") :
				 errmsg("the state of dossier_stats must be the statistics of a window, not a part"),
				 errhint("An aggregate over dossier_stats_trans or dossier_stats_part_trans starts from no initial value, or one of its own kind (window= or part=).")));
	/* each dossier adds at most one to the processed dossiers: leave room for it */
	processed = kind == STATS_PART ? (int128) stats->counters[DS_PENDING_AT_START] :
		(int128) stats->counters[DS_RECEIVED] + stats->counters[DS_PENDING_AT_START];
	if (processed >= PG_INT64_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("dossier_stats counter \"%s\" out of range",
						kind == STATS_PART ? "pending_at_start" : "received + pending_at_start")));
}

PG_FUNCTION_INFO_V1(dossier_stats_trans);
Datum
dossier_stats_trans(PG_FUNCTION_ARGS)
{
	TransCache *cache;
	DossierStats *stats;
	StatsPart	part = PART_NONE;
	StatsKind	kind;

	if (!AggCheckCallContext(fcinfo, NULL))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("dossier_stats_trans can only be called as the dossier_stats aggregate's transition function")));
	if (PG_NARGS() != ARG_COUNT && PG_NARGS() != ARG_COUNT + 1)
		elog(ERROR, "dossier_stats_trans expects %d or %d arguments, got %d", ARG_COUNT, ARG_COUNT + 1, PG_NARGS());
	if (PG_ARGISNULL(ARG_WINDOW))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the evaluation window of dossier_stats must not be NULL")));
	if (PG_NARGS() == ARG_COUNT + 1)
	{
		if (PG_ARGISNULL(ARG_PART))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the part of dossier_stats_part must not be NULL"),
					 errhint("The parts are received, ended and pending.")));
		part = PartArg(PG_GETARG_TEXT_PP(ARG_PART));
	}
	kind = part == PART_NONE ? STATS_WINDOW : STATS_PART;

	CheckFiniteArg(fcinfo, ARG_RECEIVED_AT, "received_at");
	CheckFiniteArg(fcinfo, ARG_DUE_AT, "due_at");
	CheckFiniteArg(fcinfo, ARG_ENDED_AT, "ended_at");

	cache = GetTransCache(fcinfo);
	CachedWindow(cache, PG_GETARG_DATUM(ARG_WINDOW));

	if (PG_ARGISNULL(0))
	{
		/* a new state in the per-row context: the aggregate copies it into its own */
		stats = NewStats(cache->window_from, cache->window_to, NULL, NULL);
		stats->kind = kind;
	}
	else
	{
		/* our own state, in the aggregate's context: updated in place */
		stats = (DossierStats *) PG_GETARG_POINTER(0);
		CheckTransState(stats, kind);
		if (stats->window_from != cache->window_from || stats->window_to != cache->window_to)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the evaluation window changed within one dossier_stats aggregate"),
					 errhint("Pass the same window for every row of a group.")));
	}

	PG_RETURN_POINTER(AccumulateDossier(stats, cache, fcinfo, part));
}

/* A window as text, [from, to); timestamptz_to_str() reuses one buffer, hence the copies. */
static char *
WindowText(TimestampTz from, TimestampTz to)
{
	char	   *start = pstrdup(timestamptz_to_str(from));

	return psprintf("[%s, %s)", start, timestamptz_to_str(to));
}

/* The two windows must be the same for states to merge. */
static void
CheckSameWindow(const DossierStats *a, const DossierStats *b)
{
	if (a->window_from != b->window_from || a->window_to != b->window_to)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge dossier statistics of different windows"),
				 errdetail("One covers %s, the other %s.",
						   WindowText(a->window_from, a->window_to),
						   WindowText(b->window_from, b->window_to)),
				 errhint("Counts of different windows do not add up: aggregate again over the wider window.")));
}

/*
 * a + b as a new state (in the current context): counters add, sets unite.
 * Window states merge within one window; parts merge across days (the result
 * spans both), never with a window state.
 */
static DossierStats *
Merge(DossierStats *a, DossierStats *b)
{
	int32		bases[DS_NSETS];
	int32		words[DS_NSETS];
	DossierStats *result;
	int64		processed;

	if (a->kind != b->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a part of dossier statistics with the statistics of a window"),
				 errhint("Assemble the parts into their window first: govindex.assemble(parts, window).")));
	if (a->kind == STATS_WINDOW)
		CheckSameWindow(a, b);
	for (int i = 0; i < DS_NSETS; i++)
	{
		int64		lowest = PG_INT64_MAX;
		int64		highest = PG_INT64_MIN;

		/* exactly the words the united ids need: the limit is on the ids */
		for (int k = 0; k < 2; k++)
		{
			DossierStats *one = k == 0 ? a : b;

			if (one->set_count[i] > 0)
			{
				lowest = Min(lowest, SetExtreme(one, i, false));
				highest = Max(highest, SetExtreme(one, i, true));
			}
		}
		if (lowest > highest)
		{
			bases[i] = 0;
			words[i] = 0;
			continue;
		}
		CheckSetSpan(i, lowest, highest);
		bases[i] = (int32) WordStart(lowest);
		words[i] = (int32) ((WordStart(highest) - WordStart(lowest)) / 64 + 1);
	}
	result = NewStats(Min(a->window_from, b->window_from), Max(a->window_to, b->window_to), bases, words);
	result->kind = a->kind;

	for (int i = 0; i < DS_NCOUNTERS; i++)
		if (pg_add_s64_overflow(a->counters[i], b->counters[i], &result->counters[i]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("dossier_stats counter \"%s\" out of range", counter_names[i]),
					 errdetail("The sum of " INT64_FORMAT " and " INT64_FORMAT " does not fit in bigint.",
							   a->counters[i], b->counters[i])));

	for (int i = 0; i < DS_NSETS; i++)
	{
		uint64	   *out = SetBits(result, i);

		OrSetBits(result, a, i);
		OrSetBits(result, b, i);
		for (int32 w = 0; w < words[i]; w++)
			result->set_count[i] += pg_popcount64(out[w]);
	}

	/*
	 * Two consistent states add up to a consistent one (every invariant is a
	 * sum or a bound that addition keeps) unless a sum leaves bigint: each
	 * counter, checked above, and a window's processed dossiers, received +
	 * pending_at_start, which Inconsistency() bounds too (a part's is one counter).
	 */
	if (result->kind == STATS_WINDOW &&
		pg_add_s64_overflow(result->counters[DS_RECEIVED], result->counters[DS_PENDING_AT_START], &processed))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the sum of two dossier_stats is out of range: received + pending_at_start (%s) exceeds the bigint range",
						Int128Text((int128) result->counters[DS_RECEIVED] + result->counters[DS_PENDING_AT_START]))));
	return result;
}

PG_FUNCTION_INFO_V1(dossier_stats_combine);
Datum
dossier_stats_combine(PG_FUNCTION_ARGS)
{
	/* a fresh state each time: the aggregate adopts it and frees the old one */
	PG_RETURN_POINTER(Merge(PG_GETARG_DOSSIER_STATS_P(0), PG_GETARG_DOSSIER_STATS_P(1)));
}

PG_FUNCTION_INFO_V1(dossier_stats_final);
Datum
dossier_stats_final(PG_FUNCTION_ARGS)
{
	DossierStats *stats;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	stats = PG_GETARG_DOSSIER_STATS_P(0);
	/* the result is stored and sent: drop the room kept for growing in place */
	if (!IsTrimmed(stats))
		stats = Trimmed(stats);
	PG_RETURN_POINTER(stats);
}

PG_FUNCTION_INFO_V1(dossier_stats_empty);
Datum
dossier_stats_empty(PG_FUNCTION_ARGS)
{
	TimestampTz from;
	TimestampTz to;

	ParseWindow(PG_GETARG_DATUM(0), &from, &to, ERRCODE_INVALID_PARAMETER_VALUE, NULL);
	PG_RETURN_POINTER(NewStats(from, to, NULL, NULL));
}

/*
 * The window state made of the sum of a window's parts: the received part of
 * each of its days, the ended part of each of its days, and its pending part.
 * Every dossier processed in the window is in exactly one ended or pending
 * part, so the parts' processed count less the received ones is the pending
 * at the start.  Parts outside the window are refused; a missing part cannot
 * be seen, and is the caller's to avoid (dossier_days_cover).
 */
PG_FUNCTION_INFO_V1(dossier_stats_assemble);
Datum
dossier_stats_assemble(PG_FUNCTION_ARGS)
{
	DossierStats *parts = PG_GETARG_DOSSIER_STATS_P(0);
	TimestampTz from;
	TimestampTz to;
	DossierStats *stats;
	char	   *problem;

	ParseWindow(PG_GETARG_DATUM(1), &from, &to, ERRCODE_INVALID_PARAMETER_VALUE, NULL);
	if (parts->kind != STATS_PART)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("assemble() takes parts of dossier statistics, not the statistics of a window")));
	if (parts->window_from < from || parts->window_to > to)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("parts covering %s do not belong to the window %s",
						WindowText(parts->window_from, parts->window_to), WindowText(from, to))));
	if (parts->counters[DS_PENDING_AT_START] < parts->counters[DS_RECEIVED])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the parts count " INT64_FORMAT " dossiers received in %s but only " INT64_FORMAT " processed",
						parts->counters[DS_RECEIVED], WindowText(from, to), parts->counters[DS_PENDING_AT_START]),
				 errhint("Give the ended parts of every day of the window and its pending part.")));

	stats = Trimmed(parts);
	stats->kind = STATS_WINDOW;
	stats->window_from = from;
	stats->window_to = to;
	stats->counters[DS_PENDING_AT_START] -= stats->counters[DS_RECEIVED];
	problem = Inconsistency(stats);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the parts do not make up the window %s: %s", WindowText(from, to), problem),
				 errhint("Give the received and ended parts of every day of the window and its pending part.")));
	PG_RETURN_POINTER(stats);
}

/* A sum of counters (0 <= v < 2^65) in decimal, exactly: a double would round it. */
static char *
Int128Text(int128 v)
{
	char		digits[48];
	int			i = sizeof(digits) - 1;
	uint128		u = v < 0 ? -(uint128) v : (uint128) v;

	digits[i] = '\0';
	do
	{
		digits[--i] = '0' + (int) (u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		digits[--i] = '-';
	return pstrdup(digits + i);
}

/*
 * Why a state is impossible, or NULL if it is consistent.  Text and binary input
 * trust no more than this; the aggregate maintains it by construction.
 */
static char *
Inconsistency(DossierStats *s)
{
	int64	   *c = s->counters;

	/* sums of up to three counters: exact in 128 bits, whatever the input; a part counts processed dossiers */
	int128		processed = s->kind == STATS_PART ? (int128) c[DS_PENDING_AT_START] :
		(int128) c[DS_RECEIVED] + c[DS_PENDING_AT_START];
	const char *processed_name = s->kind == STATS_PART ? "the part's processed dossiers (pending_at_start)" :
		"received + pending_at_start";
	int128		ended = (int128) c[DS_ENDED_ON_TIME] + c[DS_ENDED_LATE] + c[DS_ENDED_NO_DUE];
	int128		pending = (int128) c[DS_PENDING_WITHIN] + c[DS_PENDING_OVERDUE] + c[DS_PENDING_NO_DUE];
	struct
	{
		DossierCounter part;
		int128		whole;
		const char *whole_name;
	}			bounded[] = {
		{DS_OVER_ONE_SUPPLEMENT, processed, processed_name},
		{DS_WAITING_SUPPLEMENT, pending, "pending dossiers"},
		{DS_SYNCED, c[DS_RECEIVED], "received"},
		{DS_DIGITIZED, c[DS_RECEIVED], "received"},
		{DS_REUSED_DATA, c[DS_RECEIVED], "received"},
		{DS_PERSONAL_STORE, c[DS_RECEIVED], "received"},
		{DS_POPULATION_DATA, c[DS_RECEIVED], "received"},
		{DS_FEE_BEARING, c[DS_RECEIVED], "received"},
		{DS_FEE_DATA, c[DS_FEE_BEARING], "fee_bearing"},
		{DS_PAID_ONLINE, c[DS_FEE_BEARING], "fee_bearing"},
		{DS_PAID_VIA_PORTAL, c[DS_PAID_ONLINE], "paid_online"},
		{DS_PAPER_RESULT_RESOLVED, c[DS_RESOLVED], "resolved"},
		{DS_ELECTRONIC_RESULT, c[DS_PAPER_RESULT_RESOLVED], "paper_result_resolved"},
		{DS_END_STATUS_MISMATCH, processed, processed_name},
		{DS_ONLINE_WITH_RESULT, c[DS_RECEIVED_ONLINE], "received_online"},
		{DS_DIGITIZED_WITH_RESULT, c[DS_DIGITIZED], "digitized"},
		{DS_FEE_ZERO, c[DS_FEE_DATA], "fee_data"},
		{DS_FEE_ZERO_PAID_ONLINE, c[DS_FEE_ZERO], "fee_zero"},
		{DS_FEE_ZERO_PAID_ONLINE, c[DS_PAID_ONLINE], "paid_online"},
	};

	/* the bounds text input accepts: finite timestamptz values (infinities are outside the valid range) */
	if (s->window_from >= s->window_to ||
		!IS_VALID_TIMESTAMP(s->window_from) || !IS_VALID_TIMESTAMP(s->window_to))
		return psprintf("the window %s is not a finite, non-empty window",
						WindowText(s->window_from, s->window_to));
	for (int i = 0; i < DS_NCOUNTERS; i++)
		if (c[i] < 0)
			return psprintf("counter %s is negative (" INT64_FORMAT ")", counter_names[i], c[i]);
	/* every dossier is counted in both; so a sum beyond int64 cannot be real either */
	if (processed > PG_INT64_MAX)
		return psprintf("%s (%s) exceeds the bigint range", processed_name, Int128Text(processed));
	if (ended + pending != processed)
		return psprintf("ended (%s) + pending (%s) differs from %s (%s)",
						Int128Text(ended), Int128Text(pending), processed_name, Int128Text(processed));
	if ((int128) c[DS_RESOLVED] + c[DS_ENDED_STOPPED] + c[DS_ENDED_WITHDRAWN] != ended)
		return psprintf("resolved + ended_stopped + ended_withdrawn differs from the ended dossiers (" INT64_FORMAT ")",
						(int64) ended);
	if ((int128) c[DS_RECEIVED_DIRECT] + c[DS_RECEIVED_ONLINE] + c[DS_RECEIVED_POSTAL] != c[DS_RECEIVED])
		return psprintf("received_direct + received_online + received_postal differs from received (" INT64_FORMAT ")",
						c[DS_RECEIVED]);
	if ((int128) c[DS_ONLINE_ON_TIME] + c[DS_ONLINE_OVERDUE] > processed)
		return psprintf("online_on_time + online_overdue exceeds %s (" INT64_FORMAT ")",
						processed_name, (int64) processed);
	if ((int128) c[DS_LIKES] + c[DS_DISLIKES] > processed)
		return psprintf("likes + dislikes exceeds %s (" INT64_FORMAT ")", processed_name, (int64) processed);
	for (int i = 0; i < (int) lengthof(bounded); i++)
		if (c[bounded[i].part] > bounded[i].whole)
			return psprintf("%s (" INT64_FORMAT ") exceeds %s (" INT64_FORMAT ")",
							counter_names[bounded[i].part], c[bounded[i].part],
							bounded[i].whole_name, (int64) bounded[i].whole);
	/* the payment rate's terms (both differences are at least 0 by the bounds above) */
	if (c[DS_PAID_ONLINE] - c[DS_FEE_ZERO_PAID_ONLINE] > c[DS_FEE_BEARING] - c[DS_FEE_ZERO])
		return psprintf("paid_online - fee_zero_paid_online (" INT64_FORMAT ") exceeds fee_bearing - fee_zero (" INT64_FORMAT ")",
						c[DS_PAID_ONLINE] - c[DS_FEE_ZERO_PAID_ONLINE], c[DS_FEE_BEARING] - c[DS_FEE_ZERO]);
	for (int set = 0; set < DS_NSETS; set++)
	{
		uint64	   *bits = SetBits(s, set);
		int32		count = 0;

		for (int32 w = 0; w < s->set_words[set]; w++)
			count += pg_popcount64(bits[w]);
		if (count != s->set_count[set])
			return psprintf("procedure set %s counts %d ids but holds %d", set_names[set], s->set_count[set], count);
	}
	return NULL;
}

/* Index of a counter by name, or -1. */
static int
CounterByName(const char *name, int len)
{
	for (int i = 0; i < DS_NCOUNTERS; i++)
		if ((int) strlen(counter_names[i]) == len && strncmp(counter_names[i], name, len) == 0)
			return i;
	return -1;
}

/* Index of a set by its name in the text form (NAME_procedures), or -1. */
static int
SetByKey(const char *key, int len)
{
	for (int i = 0; i < DS_NSETS; i++)
	{
		int			n = strlen(set_names[i]);

		if (len == n + 11 && strncmp(key, set_names[i], n) == 0 &&
			strncmp(key + n, "_procedures", 11) == 0)
			return i;
	}
	return -1;
}

static void TextError(const char *input, const char *at, const char *what) pg_attribute_noreturn();

/* A syntax error in the text form, at a character position. */
static void
TextError(const char *input, const char *at, const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type dossier_stats: \"%s\"", govindex_quote(input)),
			 errdetail("%s at character %d.", what, pg_mbstrlen_with_len(input, at - input) + 1),
			 errhint("The text form is window=[from,to) followed by name=count and NAME_procedures={ids}, as dossier_stats prints it.")));
}

/* Read a non-negative decimal integer of at most max at p; returns the end. */
static const char *
ReadCount(const char *input, const char *p, int64 max, int64 *value)
{
	if (*p < '0' || *p > '9')
		TextError(input, p, "Expected a digit");
	*value = 0;
	for (; *p >= '0' && *p <= '9'; p++)
		if (pg_mul_s64_overflow(*value, 10, value) ||
			pg_add_s64_overflow(*value, *p - '0', value) || *value > max)
			TextError(input, p, "Number out of range");
	return p;
}

/*
 * The window of the text form, the tstzrange literal in [start, end): any error
 * of its own input function (a bad timestamp is 22007 or 22008, reversed bounds
 * 22000) becomes this type's 22P02, saying where.  Only data exceptions (class
 * 22) are caught: range_in and timestamptz_in raise them with ereport while
 * holding no locks, buffers or other resources; anything else goes on up.
 */
static void
ReadWindow(const char *input, const char *start, const char *end, TimestampTz *from, TimestampTz *to)
{
	char	   *literal = pnstrdup(start, end - start);
	MemoryContext caller = CurrentMemoryContext;
	volatile Datum range = (Datum) 0;

	PG_TRY();
	{
		range = OidInputFunctionCall(F_RANGE_IN, literal, TSTZRANGEOID, -1);
	}
	PG_CATCH();
	{
		ErrorData  *error;

		MemoryContextSwitchTo(caller);
		error = CopyErrorData();
		if (ERRCODE_TO_CATEGORY(error->sqlerrcode) != ERRCODE_DATA_EXCEPTION)
			PG_RE_THROW();
		FlushErrorState();
		TextError(input, start, psprintf("The window is not a tstzrange (%s)", govindex_quote(error->message)));
	}
	PG_END_TRY();
	ParseWindow(range, from, to, ERRCODE_INVALID_TEXT_REPRESENTATION,
				psprintf("Input: \"%s\"; the window begins at character %d.",
						 govindex_quote(input), pg_mbstrlen_with_len(input, start - input) + 1));
}

PG_FUNCTION_INFO_V1(dossier_stats_in);
Datum
dossier_stats_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	const char *p = input;
	const char *range_start;
	bool		in_quotes = false;
	TimestampTz from;
	TimestampTz to;
	int64		counters[DS_NCOUNTERS];
	bool		seen[DS_NCOUNTERS + DS_NSETS] = {false};
	List	   *sets[DS_NSETS] = {NIL};
	int32	   *ids[DS_NSETS];
	int32		n[DS_NSETS];
	int			unordered = -1;
	StatsKind	kind;
	DossierStats *stats;
	char	   *problem;
	bool		version2_text;

	while (*p == ' ')
		p++;
	if (strncmp(p, "window=", 7) == 0)
		kind = STATS_WINDOW, p += 7;
	else if (strncmp(p, "part=", 5) == 0)
		kind = STATS_PART, p += 5;
	else
		TextError(input, p, "Expected \"window=\" or \"part=\"");
	range_start = p;
	/* the range literal ends at the first ')' or ']' outside double quotes */
	for (; *p != '\0' && (in_quotes || (*p != ')' && *p != ']')); p++)
		if (*p == '"')
			in_quotes = !in_quotes;
	if (*p == '\0')
		TextError(input, p, "Expected the end of the window range");
	p++;
	ReadWindow(input, range_start, p, &from, &to);

	while (*p != '\0')
	{
		const char *key;
		int			key_len;
		int			counter;
		int			set;

		if (*p != ' ')
			TextError(input, p, "Expected a space");
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		key = p;
		while ((*p >= 'a' && *p <= 'z') || *p == '_')
			p++;
		key_len = p - key;
		if (*p != '=')
			TextError(input, p, "Expected \"=\" after a name");
		counter = CounterByName(key, key_len);
		set = counter < 0 ? SetByKey(key, key_len) : -1;
		if (counter < 0 && set < 0)
			TextError(input, key, psprintf("Unknown name \"%s\"", govindex_quote(pnstrdup(key, key_len))));
		if (seen[counter >= 0 ? counter : DS_NCOUNTERS + set])
			TextError(input, key, psprintf("\"%.*s\" given twice", key_len, key));
		seen[counter >= 0 ? counter : DS_NCOUNTERS + set] = true;
		p++;
		if (counter >= 0)
		{
			p = ReadCount(input, p, PG_INT64_MAX, &counters[counter]);
			continue;
		}
		if (*p != '{')
			TextError(input, p, "Expected \"{\"");
		p++;
		/* ids ascending and within one set's span, checked as read: the lists stay bounded */
		while (*p != '}')
		{
			const char *at = p;
			int64		id;
			bool		negative = (*p == '-');

			if (negative)
				p++;
			p = ReadCount(input, p, negative ? -(int64) PG_INT32_MIN : PG_INT32_MAX, &id);
			if (negative)
				id = -id;
			if (sets[set] != NIL && id <= llast_int(sets[set]))
				TextError(input, at, psprintf("Procedure ids of set %s must ascend strictly", set_names[set]));
			if (sets[set] != NIL)
				CheckSetSpan(set, linitial_int(sets[set]), id);
			sets[set] = lappend_int(sets[set], (int) id);
			if (*p == ',')
			{
				p++;
				if (*p == '}')
					TextError(input, p, "Expected a digit");
			}
			else if (*p != '}')
				TextError(input, p, "Expected \",\" or \"}\"");
		}
		p++;
	}

	/*
	 * every name that out writes, so that a value cut short or mistyped is not read
	 * as zeros; the text of a version 2 value, without the counters version 3
	 * added (all of them), reads as a stored one does
	 */
	version2_text = true;
	for (int i = DS_V2_NCOUNTERS; i < DS_NCOUNTERS; i++)
		version2_text = version2_text && !seen[i];
	if (version2_text)
	{
		FillVersion2Counters(counters);
		for (int i = DS_V2_NCOUNTERS; i < DS_NCOUNTERS; i++)
			seen[i] = true;
	}
	for (int i = 0; i < DS_NCOUNTERS + DS_NSETS; i++)
		if (!seen[i])
			TextError(input, p, i < DS_NCOUNTERS ?
					  psprintf("Missing counter \"%s\"", counter_names[i]) :
					  psprintf("Missing procedure set \"%s_procedures\"", set_names[i - DS_NCOUNTERS]));

	for (int i = 0; i < DS_NSETS; i++)
	{
		ListCell   *lc;

		n[i] = 0;
		ids[i] = palloc(Max(1, list_length(sets[i])) * sizeof(int32));
		foreach(lc, sets[i])
			ids[i][n[i]++] = lfirst_int(lc);
	}
	stats = StatsFromIds(from, to, counters, ids, n, &unordered);
	if (stats != NULL)
		stats->kind = kind;
	problem = stats == NULL ?
		psprintf("procedure set %s is not strictly ascending", set_names[unordered]) :
		Inconsistency(stats);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid dossier_stats value: %s", problem),
				 errdetail("Input: \"%s\".", govindex_quote(input))));
	PG_RETURN_POINTER(stats);
}

PG_FUNCTION_INFO_V1(dossier_stats_out);
Datum
dossier_stats_out(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);
	StringInfoData out;

	initStringInfo(&out);
	appendStringInfo(&out, "%s=%s", stats->kind == STATS_PART ? "part" : "window",
					 OidOutputFunctionCall(F_RANGE_OUT, WindowDatum(stats->window_from, stats->window_to)));
	for (int i = 0; i < DS_NCOUNTERS; i++)
		appendStringInfo(&out, " %s=" INT64_FORMAT, counter_names[i], stats->counters[i]);
	for (int s = 0; s < DS_NSETS; s++)
	{
		int32	   *ids = palloc(Max(1, stats->set_count[s]) * sizeof(int32));
		int32		n = SetIds(stats, s, ids);

		appendStringInfo(&out, " %s_procedures={", set_names[s]);
		for (int i = 0; i < n; i++)
			appendStringInfo(&out, i == 0 ? "%d" : ",%d", ids[i]);
		appendStringInfoChar(&out, '}');
	}
	PG_RETURN_CSTRING(out.data);
}

static void BinaryError(const char *what) pg_attribute_noreturn();

/* Malformed binary input. */
static void
BinaryError(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary data for type dossier_stats: %s", what)));
}

/*
 * Binary form, big-endian: version byte; kind byte (0 window, 1 part; not in
 * version 1, whose values are all windows); window from, to (int8 microseconds);
 * number of counters (int2: 39, 35 in versions 1 and 2) and the counters (int8);
 * number of sets (byte) and each set as a length (int4) then its ids (int4),
 * ascending.
 */
PG_FUNCTION_INFO_V1(dossier_stats_send);
Datum
dossier_stats_send(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, DOSSIER_STATS_VERSION);
	pq_sendbyte(&buf, stats->kind);
	pq_sendint64(&buf, stats->window_from);
	pq_sendint64(&buf, stats->window_to);
	pq_sendint16(&buf, DS_NCOUNTERS);
	for (int i = 0; i < DS_NCOUNTERS; i++)
		pq_sendint64(&buf, stats->counters[i]);
	pq_sendbyte(&buf, DS_NSETS);
	for (int s = 0; s < DS_NSETS; s++)
	{
		int32	   *ids = palloc(Max(1, stats->set_count[s]) * sizeof(int32));
		int32		n = SetIds(stats, s, ids);

		pq_sendint32(&buf, n);
		for (int i = 0; i < n; i++)
			pq_sendint32(&buf, ids[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Bytes left to read in buf. */
#define REMAINING(buf)	((buf)->len - (buf)->cursor)

PG_FUNCTION_INFO_V1(dossier_stats_recv);
Datum
dossier_stats_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int			ncounters;
	int			kind = STATS_WINDOW;
	TimestampTz from;
	TimestampTz to;
	int64		counters[DS_NCOUNTERS];
	int32	   *ids[DS_NSETS];
	int32		n[DS_NSETS];
	int			unordered = -1;
	DossierStats *stats;
	char	   *problem;

	if (REMAINING(buf) < 1)
		BinaryError("the value is empty");
	version = pq_getmsgbyte(buf);
	if (version < 1 || version > DOSSIER_STATS_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type dossier_stats", version),
				 errdetail("This version of govindex reads versions 1 to %d.", DOSSIER_STATS_VERSION)));
	if (version >= 2)
	{
		if (REMAINING(buf) < 1)
			BinaryError("the value is too short");
		kind = pq_getmsgbyte(buf);
		if (kind != STATS_WINDOW && kind != STATS_PART)
			BinaryError(psprintf("unknown kind %d", kind));
	}
	/* versions 1 and 2 have fewer counters, the later ones filled as stored values' are */
	ncounters = version >= 3 ? DS_NCOUNTERS : DS_V2_NCOUNTERS;
	if (REMAINING(buf) < 8 + 8 + 2 + 8 * ncounters + 1)
		BinaryError("the value is too short");
	from = pq_getmsgint64(buf);
	to = pq_getmsgint64(buf);
	if ((int) pq_getmsgint(buf, 2) != ncounters)
		BinaryError(psprintf("expected %d counters in version %d", ncounters, version));
	for (int i = 0; i < ncounters; i++)
		counters[i] = pq_getmsgint64(buf);
	if (ncounters < DS_NCOUNTERS)
		FillVersion2Counters(counters);
	if (pq_getmsgbyte(buf) != DS_NSETS)
		BinaryError(psprintf("expected %d procedure sets", DS_NSETS));

	for (int s = 0; s < DS_NSETS; s++)
	{
		if (REMAINING(buf) < 4)
			BinaryError("the value is too short");
		n[s] = (int32) pq_getmsgint(buf, 4);
		if (n[s] < 0 || n[s] > REMAINING(buf) / 4)
			BinaryError(psprintf("procedure set %s has an invalid length %d", set_names[s], n[s]));
		ids[s] = palloc(Max(1, n[s]) * sizeof(int32));
		for (int i = 0; i < n[s]; i++)
			ids[s][i] = (int32) pq_getmsgint(buf, 4);
	}
	if (REMAINING(buf) != 0)
		BinaryError("trailing bytes after the value");

	/* bytes from outside are trusted no more than text */
	stats = StatsFromIds(from, to, counters, ids, n, &unordered);
	if (stats != NULL)
		stats->kind = kind;
	problem = stats == NULL ?
		psprintf("procedure set %s is not strictly ascending", set_names[unordered]) :
		Inconsistency(stats);
	if (problem != NULL)
		BinaryError(problem);
	PG_RETURN_POINTER(stats);
}

PG_FUNCTION_INFO_V1(dossier_stats_add);
Datum
dossier_stats_add(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(Merge(PG_GETARG_DOSSIER_STATS_P(0), PG_GETARG_DOSSIER_STATS_P(1)));
}

PG_FUNCTION_INFO_V1(dossier_stats_window);
Datum
dossier_stats_window(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);

	PG_RETURN_DATUM(WindowDatum(stats->window_from, stats->window_to));
}

/* A counter by name, or an error listing the names. */
static int
CounterArg(text *name)
{
	char	   *s = text_to_cstring(name);
	int			i = CounterByName(s, strlen(s));

	if (i < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown dossier_stats counter \"%s\"", govindex_quote(s)),
				 errhint("SELECT * FROM govindex.dossier_stats_counters(stats) lists the counters.")));
	return i;
}

PG_FUNCTION_INFO_V1(dossier_stats_counter);
Datum
dossier_stats_counter(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);

	PG_RETURN_INT64(stats->counters[CounterArg(PG_GETARG_TEXT_PP(1))]);
}

PG_FUNCTION_INFO_V1(dossier_stats_counter_names);
Datum
dossier_stats_counter_names(PG_FUNCTION_ARGS)
{
	Datum		names[DS_NCOUNTERS];

	for (int i = 0; i < DS_NCOUNTERS; i++)
		names[i] = CStringGetTextDatum(counter_names[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(names, DS_NCOUNTERS, TEXTOID, -1, false, TYPALIGN_INT));
}

/* A procedure set by name, or an error listing the names. */
static int
SetArg(text *name)
{
	char	   *s = text_to_cstring(name);

	for (int i = 0; i < DS_NSETS; i++)
		if (strcmp(s, set_names[i]) == 0)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown procedure set \"%s\"", govindex_quote(s)),
			 errhint("The sets are online, paid_online, fee_data and population_data.")));
}

PG_FUNCTION_INFO_V1(dossier_stats_procedure_ids);
Datum
dossier_stats_procedure_ids(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);
	int			set = SetArg(PG_GETARG_TEXT_PP(1));
	int32	   *ids = palloc(Max(1, stats->set_count[set]) * sizeof(int32));
	int32		n = SetIds(stats, set, ids);
	Datum	   *elems = palloc(Max(1, n) * sizeof(Datum));

	for (int i = 0; i < n; i++)
		elems[i] = Int32GetDatum(ids[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, INT4OID, 4, true, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(dossier_stats_procedure_count);
Datum
dossier_stats_procedure_count(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);

	PG_RETURN_INT64(stats->set_count[SetArg(PG_GETARG_TEXT_PP(1))]);
}

/*
 * How many of the given ids a procedure set holds (NULL elements count nothing, a
 * repeated id counts each time): a catalogue rate reads its numerator here, from
 * the state, merged with it, without unpacking the set into rows.
 */
PG_FUNCTION_INFO_V1(dossier_stats_procedure_count_among);
Datum
dossier_stats_procedure_count_among(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);
	int			set = SetArg(PG_GETARG_TEXT_PP(1));
	ArrayType  *ids = PG_GETARG_ARRAYTYPE_P(2);
	uint64	   *bits = SetBits(stats, set);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int64		count = 0;

	if (ARR_ELEMTYPE(ids) != INT4OID)
		elog(ERROR, "procedure_count expects an int[] of ids");
	deconstruct_array(ids, INT4OID, 4, true, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		int64		offset;

		if (nulls[i])
			continue;
		offset = (int64) DatumGetInt32(elems[i]) - stats->set_base[set];
		if (offset >= 0 && offset < (int64) stats->set_words[set] * 64 &&
			(bits[offset / 64] & (UINT64CONST(1) << (offset % 64))) != 0)
			count++;
	}
	PG_RETURN_INT64(count);
}

PG_FUNCTION_INFO_V1(dossier_stats_avg_processing_days);
Datum
dossier_stats_avg_processing_days(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);

	if (stats->counters[DS_RESOLVED] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) stats->counters[DS_PROCESSING_SECONDS] /
					 (double) stats->counters[DS_RESOLVED] / (double) SECS_PER_DAY);
}

/*
 * The dossier-based metrics, by portal code: the one list metric(), its error hint
 * and dossier_stats_metrics() come from.  A metric is its code, its numerator and
 * denominator as counter expressions (counter names joined by + and -, the whole
 * optionally inside greatest(0, ...) to floor it at 0; or the product of two
 * counters, a * b, for a rate that is the product of two rates over the same
 * denominator, as the portal's online submission is), and a description.  Adding
 * a metric over existing counters is one line here (and its methodology rows).
 * On-time metrics leave out dossiers without a due date (not assessable; counted
 * in ended_no_due / pending_no_due).
 */
#define ASSESSABLE "received + pending_at_start - ended_no_due - pending_no_due"
#define DOSSIER_STATS_METRICS(X) \
	X("DVC_PROGRESS_ON_TIME", "ended_on_time + pending_within_deadline", ASSESSABLE, \
	  "Dossiers ended on time or pending within the deadline, among those with a due date") \
	X("DOSSIER_SYNC", "synced", "received", \
	  "Dossiers received and synchronised to the national portal") \
	X("ORIGINAL_RESULT_AVAILABLE", "electronic_result", "paper_result_resolved", \
	  "Dossiers resolved with an electronic result, among those that required a paper result") \
	X("SO_HOA_GIAY_TO_GIAI_QUYET", "digitized_with_result", "received", \
	  "Dossiers received and digitized, with an electronic result where the procedure requires a paper result") \
	X("REUSED_DIGITIZED_DATA", "reused_data", "received", \
	  "Dossiers received that reused digitized data") \
	X("SYNCED_WITH_DVCQG_PERSONAL_STORAGE", "personal_store", "received", \
	  "Dossiers received and synchronised with the personal data store of the national portal") \
	X("CITIZEN_DATA_CONNECTED_DOSSIER", "population_data", "received", \
	  "Dossiers received that used the national population database") \
	X("DOSSIER_RECEIVING_SATISFACTION", \
	  "greatest(0, " ASSESSABLE " - ended_late - pending_overdue - dislikes)", ASSESSABLE, \
	  "100% minus the overdue rate and the dislike rate, never below 0, among dossiers with a due date") \
	X("ONLINE_PAYMENT_DOSSIERS", "paid_online - fee_zero_paid_online", "fee_bearing - fee_zero", \
	  "Fee-bearing dossiers received and paid online, leaving out those whose every fee line is 0") \
	X("ONLINE_SUBMISSION", "online_with_result * synced", "received * received", \
	  "Online share times synced share: dossiers received online (with an electronic result where the procedure requires a paper result) over those received, times those synchronised over those received") \
	X("ONLINE_ON_TIME", "online_on_time", "online_on_time + online_overdue", \
	  "Online dossiers ended on time, among online dossiers ended on time or overdue")

typedef struct DossierMetric
{
	const char *code;
	const char *numerator;
	const char *denominator;
	const char *description;
} DossierMetric;

#define METRIC_ENTRY(code, numerator, denominator, description) {code, numerator, denominator, description},
static const DossierMetric dossier_metrics[] = {DOSSIER_STATS_METRICS(METRIC_ENTRY)};
#define DS_NMETRICS ((int) lengthof(dossier_metrics))

/* A counter expression, compiled: a coefficient per counter and the floor at 0, or a product of two counters. */
typedef struct CounterSum
{
	int8		coefficient[DS_NCOUNTERS];
	bool		floor_at_zero;
	int			factor[2];		/* the two counters of a product; -1 for a sum */
} CounterSum;

static CounterSum metric_numerators[DS_NMETRICS];
static CounterSum metric_denominators[DS_NMETRICS];
static bool metrics_compiled = false;

/* Compiles one counter expression of the list; a malformed one is a bug of the list. */
static void
CompileCounterSum(const char *code, const char *expression, CounterSum *sum)
{
	const char *p = expression;
	const char *end = expression + strlen(expression);
	int			sign = 1;
	bool		expect_name = true;

	memset(sum, 0, sizeof(*sum));
	sum->factor[0] = sum->factor[1] = -1;
	if (strstr(p, " * ") != NULL)
	{
		/* a product: exactly two names */
		const char *star = strstr(p, " * ");
		int			a = CounterByName(p, star - p);
		int			b = CounterByName(star + 3, end - (star + 3));

		if (a < 0 || b < 0)
			elog(ERROR, "metric %s: malformed product of counters \"%s\"", code, expression);
		sum->factor[0] = a;
		sum->factor[1] = b;
		return;
	}
	if (strncmp(p, "greatest(0, ", 12) == 0 && end > p + 12 && end[-1] == ')')
	{
		sum->floor_at_zero = true;
		p += 12;
		end--;
	}
	while (p < end)
	{
		if (*p == ' ')
			p++;
		else if (!expect_name && (*p == '+' || *p == '-'))
		{
			sign = *p++ == '+' ? 1 : -1;
			expect_name = true;
		}
		else if (expect_name && *p >= 'a' && *p <= 'z')
		{
			const char *name = p;
			int			counter;

			while (p < end && ((*p >= 'a' && *p <= 'z') || *p == '_'))
				p++;
			counter = CounterByName(name, p - name);
			if (counter < 0)
				elog(ERROR, "metric %s: unknown counter \"%.*s\" in \"%s\"", code, (int) (p - name), name, expression);
			sum->coefficient[counter] += sign;
			expect_name = false;
		}
		else
			elog(ERROR, "metric %s: malformed counter expression \"%s\"", code, expression);
	}
	if (expect_name)
		elog(ERROR, "metric %s: malformed counter expression \"%s\"", code, expression);
}

static void
CompileMetrics(void)
{
	if (metrics_compiled)
		return;
	for (int i = 0; i < DS_NMETRICS; i++)
	{
		CompileCounterSum(dossier_metrics[i].code, dossier_metrics[i].numerator, &metric_numerators[i]);
		CompileCounterSum(dossier_metrics[i].code, dossier_metrics[i].denominator, &metric_denominators[i]);
	}
	metrics_compiled = true;
}

/* The value of a counter expression over a window state; bigint or an error. */
static int64
CounterSumValue(const CounterSum *sum, const int64 *c, const char *code)
{
	int64		value = 0;

	if (sum->factor[0] >= 0)
	{
		if (pg_mul_s64_overflow(c[sum->factor[0]], c[sum->factor[1]], &value))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("metric %s is out of range for bigint", code),
					 errdetail("It multiplies %s (" INT64_FORMAT ") by %s (" INT64_FORMAT ").",
							   counter_names[sum->factor[0]], c[sum->factor[0]],
							   counter_names[sum->factor[1]], c[sum->factor[1]])));
		return value;
	}
	for (int i = 0; i < DS_NCOUNTERS; i++)
	{
		int64		term;

		if (sum->coefficient[i] == 0)
			continue;
		if (pg_mul_s64_overflow(c[i], sum->coefficient[i], &term) ||
			pg_add_s64_overflow(value, term, &value))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("metric %s is out of range for bigint", code)));
	}
	return sum->floor_at_zero ? Max(0, value) : value;
}

/* "A, B and C": the codes of the list, for an error hint. */
static char *
MetricCodes(void)
{
	StringInfoData codes;

	initStringInfo(&codes);
	for (int i = 0; i < DS_NMETRICS; i++)
		appendStringInfo(&codes, "%s%s", i == 0 ? "" : i == DS_NMETRICS - 1 ? " and " : ", ",
						 dossier_metrics[i].code);
	return codes.data;
}

PG_FUNCTION_INFO_V1(dossier_stats_metric);
Datum
dossier_stats_metric(PG_FUNCTION_ARGS)
{
	DossierStats *stats = PG_GETARG_DOSSIER_STATS_P(0);
	char	   *code = text_to_cstring(PG_GETARG_TEXT_PP(1));

	if (stats->kind == STATS_PART)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("metric() reads the statistics of a window, not a part of them"),
				 errhint("Assemble the parts into their window first: govindex.assemble(parts, window).")));
	CompileMetrics();
	for (int i = 0; i < DS_NMETRICS; i++)
		if (strcmp(code, dossier_metrics[i].code) == 0)
			PG_RETURN_RATE_P(rate_make(CounterSumValue(&metric_numerators[i], stats->counters, code),
									   CounterSumValue(&metric_denominators[i], stats->counters, code)));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("\"%s\" is not a dossier-based metric", govindex_quote(code)),
			 errhint("The dossier-based metrics are %s.", MetricCodes())));
}

/* The list itself: code, numerator, denominator, description. */
PG_FUNCTION_INFO_V1(dossier_stats_metrics);
Datum
dossier_stats_metrics(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	CompileMetrics();			/* a malformed list fails here, not in a report */
	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < DS_NMETRICS; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = CStringGetTextDatum(dossier_metrics[i].code);
		values[1] = CStringGetTextDatum(dossier_metrics[i].numerator);
		values[2] = CStringGetTextDatum(dossier_metrics[i].denominator);
		values[3] = CStringGetTextDatum(dossier_metrics[i].description);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
