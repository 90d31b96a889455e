/*
 * access.c — the test inside every row-level security policy (access.sql): is a
 * unit among those a role may read?  It runs once per row of every table of per-unit
 * data a restricted role reads, so it must cost next to nothing: the allowed units (an
 * InitPlan's value, the same for the whole query) are sorted once into fn_extra and
 * each row is a binary search, where "= ANY (array)" compares with every element.
 *
 * Its planner support says the test keeps every row.  For a province-wide reader that
 * is true; for a district it overestimates, which costs a hash join where a nested
 * loop would do.  The planner's default for a function (a third of the rows), applied
 * at every table of a report, made it choose nested loops over the procedure sets and
 * run a province report for minutes instead of a second.
 */
#include "govindex.h"

#include "catalog/pg_type.h"
#include "nodes/supportnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

/* The sorted allowed units of one call site, and the array they came from. */
typedef struct AllowedUnits
{
	Size		image_size;		/* the array datum they were built from, */
	char	   *image;			/* to recognise it on the next row */
	int			count;
	Datum	   *units;			/* sorted: int4 values, or text pointers */
} AllowedUnits;

static int
compare_ids(const void *a, const void *b)
{
	int32		x = DatumGetInt32(*(const Datum *) a);
	int32		y = DatumGetInt32(*(const Datum *) b);

	return (x > y) - (x < y);
}

/* Byte order: only equality matters, and it needs no collation. */
static int
compare_codes(const void *a, const void *b)
{
	text	   *x = DatumGetTextPP(*(const Datum *) a);
	text	   *y = DatumGetTextPP(*(const Datum *) b);
	int			lx = VARSIZE_ANY_EXHDR(x);
	int			ly = VARSIZE_ANY_EXHDR(y);
	int			c = memcmp(VARDATA_ANY(x), VARDATA_ANY(y), Min(lx, ly));

	return c != 0 ? c : (lx > ly) - (lx < ly);
}

/*
 * The allowed units of this call site for the array argument, sorted, built again
 * only when the array differs from the one they were built from.
 */
static AllowedUnits *
allowed_units(FunctionCallInfo fcinfo, Oid element_type, int (*compare) (const void *, const void *))
{
	ArrayType  *array = PG_GETARG_ARRAYTYPE_P(1);
	Size		size = VARSIZE(array);
	AllowedUnits *cache = (AllowedUnits *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	Datum	   *elements;
	bool	   *nulls;
	int			n;
	int			kept = 0;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (cache != NULL && cache->image_size == size && memcmp(cache->image, array, size) == 0)
		return cache;
	if (ARR_ELEMTYPE(array) != element_type)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("allowed units must be an array of %s, not of %s",
						format_type_be(element_type), format_type_be(ARR_ELEMTYPE(array)))));

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	if (cache == NULL)
		cache = palloc0(sizeof(AllowedUnits));
	else
	{
		pfree(cache->image);
		if (cache->units)
			pfree(cache->units);
	}
	/* the elements point into the kept copy, which lives as long as the cache */
	cache->image = palloc(size);
	memcpy(cache->image, array, size);
	cache->image_size = size;
	get_typlenbyvalalign(element_type, &typlen, &typbyval, &typalign);
	deconstruct_array((ArrayType *) cache->image, element_type, typlen, typbyval, typalign,
					  &elements, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (!nulls[i])
			elements[kept++] = elements[i];
	pfree(nulls);
	qsort(elements, kept, sizeof(Datum), compare);
	cache->units = elements;
	cache->count = kept;
	fcinfo->flinfo->fn_extra = cache;
	MemoryContextSwitchTo(old);
	return cache;
}

/* Whether the unit (argument 0) is among the allowed ones (argument 1); NULL allowed means every unit. */
static bool
unit_is_allowed(FunctionCallInfo fcinfo, Oid element_type, int (*compare) (const void *, const void *))
{
	AllowedUnits *allowed;
	Datum		unit;

	if (PG_ARGISNULL(1))
		return true;
	if (PG_ARGISNULL(0))
		return false;
	allowed = allowed_units(fcinfo, element_type, compare);
	unit = PG_GETARG_DATUM(0);
	return bsearch(&unit, allowed->units, allowed->count, sizeof(Datum), compare) != NULL;
}

PG_FUNCTION_INFO_V1(unit_allowed);
/* unit_allowed(unit_id int, allowed int[]): NULL allowed means every unit. */
Datum
unit_allowed(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(unit_is_allowed(fcinfo, INT4OID, compare_ids));
}

PG_FUNCTION_INFO_V1(unit_code_allowed);
/* unit_code_allowed(unit_code text, allowed text[]): NULL allowed means every unit. */
Datum
unit_code_allowed(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(unit_is_allowed(fcinfo, TEXTOID, compare_codes));
}

PG_FUNCTION_INFO_V1(unit_allowed_support);
/* Planner support of both: the test keeps every row (see the head of this file). */
Datum
unit_allowed_support(PG_FUNCTION_ARGS)
{
	Node	   *request = (Node *) PG_GETARG_POINTER(0);

	if (IsA(request, SupportRequestSelectivity))
	{
		SupportRequestSelectivity *selectivity = (SupportRequestSelectivity *) request;

		selectivity->selectivity = 1.0;
		PG_RETURN_POINTER(selectivity);
	}
	PG_RETURN_POINTER(NULL);
}
