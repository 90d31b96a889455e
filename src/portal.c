/*
 * portal.c — reading the records a province sends to the national portal
 * (DongBoHoSoMC dossiers, CapNhatTienDoHoSoMC timeline steps), in one pass over
 * each record (a jsonb element of a batch, or a line of a file read as text into
 * a json_tree without building a jsonb): the fields govindex counts come out typed, and whatever is
 * wrong with them comes out as a list of problems instead of an error at the first
 * one, so that portal_record_problems() can report a whole batch in one pass and
 * load_portal_records() can name the record, the field and the value.
 *
 * The applicant's personal data (ChuHoSo, SoGiayToChuHoSo, SoDienThoai, Email,
 * DinhDanhCHS, TrichYeuHoSo, ...) is never looked at: keys are fetched by name.
 * ../shared/formats/portal-sync.md is the format.
 */
#include "govindex.h"
#include "json_tree.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(portal_timestamp);
PG_FUNCTION_INFO_V1(portal_fields);
PG_FUNCTION_INFO_V1(portal_line_fields);

/* Portal times are Vietnam wall-clock time, a fixed UTC+7 (no daylight saving). */
#define PORTAL_UTC_OFFSET_USECS		(INT64CONST(7) * SECS_PER_HOUR * USECS_PER_SEC)
#define PORTAL_TIME_HINT			"Portal times are yyyyMMddHHmmss in Vietnam time (UTC+7), e.g. 20231211083000; an empty string means no value."
#define PORTAL_STATUS_HINT			"Status codes are 1 to 10 (portal-sync.md, TrangThaiHoSo)."

/*
 * ---- portal times ------------------------------------------------------------
 */

/* The 14 characters at s as a portal time; false if they are not one. */
static bool
parse_portal_time(const char *s, int len, TimestampTz *result)
{
	int			digits[14];
	struct pg_tm tm;
	Timestamp	local;

	if (len != 14)
		return false;
	for (int i = 0; i < 14; i++)
	{
		if (!govindex_is_digit(s[i]))
			return false;
		digits[i] = s[i] - '0';
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
	tm.tm_mon = digits[4] * 10 + digits[5];
	tm.tm_mday = digits[6] * 10 + digits[7];
	tm.tm_hour = digits[8] * 10 + digits[9];
	tm.tm_min = digits[10] * 10 + digits[11];
	tm.tm_sec = digits[12] * 10 + digits[13];
	if (tm.tm_year < 1 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1
		|| tm.tm_mday > day_tab[isleap(tm.tm_year)][tm.tm_mon - 1]
		|| tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
		return false;
	if (tm2timestamp(&tm, 0, NULL, &local) != 0)
		return false;
	*result = local - PORTAL_UTC_OFFSET_USECS;
	return true;
}

/* portal_timestamp(text): a portal time as timestamptz; '' is NULL. */
Datum
portal_timestamp(PG_FUNCTION_ARGS)
{
	text	   *input = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(input);
	int			len = VARSIZE_ANY_EXHDR(input);
	TimestampTz result;

	if (len == 0)
		PG_RETURN_NULL();
	if (!parse_portal_time(s, len, &result))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_DATETIME_FORMAT),
				 errmsg("\"%s\" is not a portal time", govindex_quote(text_to_cstring(input))),
				 errhint(PORTAL_TIME_HINT)));
	PG_RETURN_TIMESTAMPTZ(result);
}

/*
 * ---- problems of a record ----------------------------------------------------
 */

typedef struct Problems
{
	List	   *fields;			/* char *: the key, e.g. TaiLieuNop[2].DuocTaiSuDung */
	List	   *states;			/* char *: SQLSTATE */
	List	   *messages;		/* char *: names the field and the value */
	List	   *hints;			/* char *, or NULL */
} Problems;

/* Where a field is: a key of the record, or of element index (1-based) of array. */
typedef struct Place
{
	const char *array;			/* NULL: the record itself */
	int			index;
} Place;

static const Place RECORD = {NULL, 0};

static char *
place_name(Place place, const char *key)
{
	if (place.array == NULL)
		return pstrdup(key);
	if (key == NULL)
		return psprintf("%s[%d]", place.array, place.index);
	return psprintf("%s[%d].%s", place.array, place.index, key);
}

static void problem(Problems *problems, const char *field, const char *sqlstate, const char *hint,
					const char *fmt,...) pg_attribute_printf(5, 6);

static void
problem(Problems *problems, const char *field, const char *sqlstate, const char *hint, const char *fmt,...)
{
	StringInfoData message;

	initStringInfo(&message);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&message, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&message, needed);
	}
	problems->fields = lappend(problems->fields, pstrdup(field));
	problems->states = lappend(problems->states, pstrdup(sqlstate));
	problems->messages = lappend(problems->messages, message.data);
	problems->hints = lappend(problems->hints, hint ? pstrdup(hint) : NULL);
}

/*
 * ---- reading values ----------------------------------------------------------
 * Numbers may come as JSON strings or numbers; an empty string, JSON null and a
 * missing key all mean no value.
 */

/* The value of key in obj, or NULL when it is missing or JSON null. */
static JsonTree *
get_value(JsonTree *obj, const char *key)
{
	JsonTree   *value = json_tree_member(obj, key);

	if (value != NULL && value->kind == JSON_TREE_NULL)
		return NULL;
	return value;
}

static const char *
json_kind(JsonTree *value)
{
	switch (value->kind)
	{
		case JSON_TREE_ARRAY:
			return "an array";
		case JSON_TREE_OBJECT:
			return "an object";
		case JSON_TREE_BOOL:
			return "a boolean";
		case JSON_TREE_NUMBER:
			return "a number";
		case JSON_TREE_NULL:
			return "null";
		default:
			return "a string";
	}
}

/*
 * A scalar's text (a string as it is, a number as written, a boolean as true or
 * false) in *len bytes, not terminated; NULL for no value or a container (a problem).
 */
static const char *
scalar_text(JsonTree *value, Place place, const char *key, int *len, Problems *problems)
{
	const char *text;

	if (value == NULL)
		return NULL;
	switch (value->kind)
	{
		case JSON_TREE_STRING:
			*len = value->len;
			return *len == 0 ? NULL : value->text;
		case JSON_TREE_NUMBER:
			*len = value->len;
			return value->text;
		case JSON_TREE_BOOL:
			text = value->boolean ? "true" : "false";
			*len = strlen(text);
			return text;
		default:
			problem(problems, place_name(place, key), "22023", NULL, "%s is %s, not a value",
					place_name(place, key), json_kind(value));
			return NULL;
	}
}

/* A text field, NULL when it has no value. */
static text *
text_field(JsonTree *obj, Place place, const char *key, Problems *problems)
{
	int			len;
	const char *s = scalar_text(get_value(obj, key), place, key, &len, problems);

	return s == NULL ? NULL : cstring_to_text_with_len(s, len);
}

/* The text of a value, quoted and cut for a message. */
static char *
quoted(const char *s, int len)
{
	return govindex_quote(pnstrdup(s, len));
}

/* A portal time; false when it has no value or is bad (a problem). */
static bool
time_field(JsonTree *obj, Place place, const char *key, TimestampTz *result, Problems *problems)
{
	int			len;
	const char *s = scalar_text(get_value(obj, key), place, key, &len, problems);

	if (s == NULL)
		return false;
	if (parse_portal_time(s, len, result))
		return true;
	problem(problems, place_name(place, key), "22007", PORTAL_TIME_HINT,
			"%s \"%s\" is not a portal time", place_name(place, key), quoted(s, len));
	return false;
}

/* A code of digits from low to high; -1 when it has no value or is bad (a problem). */
static int
code_field(JsonTree *obj, Place place, const char *key, int low, int high,
		   const char *what, const char *hint, Problems *problems)
{
	int			len;
	const char *s = scalar_text(get_value(obj, key), place, key, &len, problems);
	int			code = 0;

	if (s == NULL)
		return -1;
	for (int i = 0; i < len && code <= high; i++)
	{
		if (!govindex_is_digit(s[i]))
		{
			code = high + 1;
			break;
		}
		code = code * 10 + (s[i] - '0');
	}
	if (code >= low && code <= high)
		return code;
	problem(problems, place_name(place, key), "22023", hint, "%s \"%s\" is not %s",
			place_name(place, key), quoted(s, len), what);
	return -1;
}

/* A 0/1 flag (also true/false, True/False); no value is 0. */
static bool
flag_field(JsonTree *obj, Place place, const char *key, Problems *problems)
{
	int			len;
	const char *s = scalar_text(get_value(obj, key), place, key, &len, problems);

	if (s == NULL)
		return false;
	if ((len == 1 && s[0] == '1') || (len == 4 && pg_strncasecmp(s, "true", 4) == 0))
		return true;
	if ((len == 1 && s[0] == '0') || (len == 5 && pg_strncasecmp(s, "false", 5) == 0))
		return false;
	problem(problems, place_name(place, key), "22023", "A flag is 0 or 1 (or true or false).",
			"%s \"%s\" is not a flag", place_name(place, key), quoted(s, len));
	return false;
}

/* A non-empty text value, as a flag: a link, say. */
static bool
present_field(JsonTree *obj, Place place, const char *key, Problems *problems)
{
	int			len;

	return scalar_text(get_value(obj, key), place, key, &len, problems) != NULL;
}

/*
 * The array under key, NULL when missing, null, "" or empty; something else is a
 * problem.
 */
static JsonTree *
array_field(JsonTree *obj, const char *key, Problems *problems)
{
	JsonTree   *value = get_value(obj, key);

	if (value == NULL || (value->kind == JSON_TREE_STRING && value->len == 0))
		return NULL;
	if (value->kind == JSON_TREE_ARRAY)
		return value->count == 0 ? NULL : value;
	problem(problems, key, "22023", NULL, "%s is %s, not an array", key, json_kind(value));
	return NULL;
}

/* Element i (0-based) of array as an object, NULL (a problem) if it is not one. */
static JsonTree *
object_element(JsonTree *array, const char *key, int i, Problems *problems)
{
	JsonTree   *element = array->items[i];

	if (element->kind == JSON_TREE_OBJECT)
		return element;
	problem(problems, psprintf("%s[%d]", key, i + 1), "22023", NULL, "%s[%d] is %s, not an object",
			key, i + 1, json_kind(element));
	return NULL;
}

/* An amount in VND (digits, or a JSON number without a fraction) into *sum. */
static void
add_amount(JsonTree *obj, Place place, const char *key, int64 *sum, bool *any, Problems *problems)
{
	JsonTree   *value = get_value(obj, key);
	int			len;
	const char *s = scalar_text(value, place, key, &len, problems);
	int64		amount = 0;
	int			i;

	if (s == NULL)
		return;
	for (i = 0; i < len && govindex_is_digit(s[i]); i++)
	{
		if (pg_mul_s64_overflow(amount, 10, &amount) || pg_add_s64_overflow(amount, s[i] - '0', &amount))
			break;
	}
	/* a JSON number may be written 100000.00; a string "100.000" is Vietnamese for 100000: refused */
	if (value->kind == JSON_TREE_NUMBER && i < len && s[i] == '.')
		for (i++; i < len && s[i] == '0'; i++)
			;
	if (i < len || !govindex_is_digit(s[0]) || pg_add_s64_overflow(*sum, amount, sum))
	{
		problem(problems, place_name(place, key), "22P02", "An amount is a whole number of VND without separators, e.g. \"100000\".",
				"%s \"%s\" is not an amount in VND", place_name(place, key), quoted(s, len));
		return;
	}
	*any = true;
}

/*
 * ---- portal_fields(jsonb) ----------------------------------------------------
 * The columns of type govindex.portal_fields, in order.
 */
enum
{
	F_KIND, F_CODE, F_STEP_STATUS, F_STEP_AT,
	F_PROCEDURE_CODE, F_UNIT_IDENTIFIER, F_CHANNEL_CODE,
	F_SUBMITTED_AT, F_RECEIVED_AT, F_DUE_AT, F_PROCESSING_ENDED_AT, F_RETURNED_AT, F_REJECTED_AT,
	F_STATUS, F_ELECTRONIC_RESULT, F_DIGITIZED, F_REUSED_DATA, F_PERSONAL_STORE, F_VNEID_ACCOUNT,
	F_DATABASES, F_PAYMENT_CODE, F_FEE_AMOUNT,
	F_SUPPLEMENTS_LISTED, F_SUPPLEMENTS_REQUESTED_AT, F_SUPPLEMENTS_RECEIVED_AT,
	F_PROBLEM_FIELDS, F_PROBLEM_STATES, F_PROBLEM_MESSAGES, F_PROBLEM_HINTS,
	F_COUNT
};

typedef struct Fields
{
	Datum		values[F_COUNT];
	bool		nulls[F_COUNT];
} Fields;

static void
set_time(Fields *f, int column, JsonTree *obj, const char *key, Problems *problems)
{
	TimestampTz t;

	if (time_field(obj, RECORD, key, &t, problems))
	{
		f->values[column] = TimestampTzGetDatum(t);
		f->nulls[column] = false;
	}
}

static void
set_text(Fields *f, int column, text *value)
{
	if (value != NULL)
	{
		f->values[column] = PointerGetDatum(value);
		f->nulls[column] = false;
	}
}

static void
set_int16(Fields *f, int column, int value)
{
	if (value >= 0)
	{
		f->values[column] = Int16GetDatum((int16) value);
		f->nulls[column] = false;
	}
}

static void
set_bool(Fields *f, int column, bool value)
{
	f->values[column] = BoolGetDatum(value);
	f->nulls[column] = false;
}

static ArrayType *
text_array(List *items)
{
	int			n = list_length(items);
	Datum	   *elems = palloc(sizeof(Datum) * Max(n, 1));
	bool	   *nulls = palloc(sizeof(bool) * Max(n, 1));
	int			dims[1] = {n};
	int			lbs[1] = {1};
	int			i = 0;
	ListCell   *lc;

	foreach(lc, items)
	{
		nulls[i] = lfirst(lc) == NULL;
		elems[i] = nulls[i] ? (Datum) 0 : CStringGetTextDatum((char *) lfirst(lc));
		i++;
	}
	return construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID, -1, false, TYPALIGN_INT);
}

/* The submitted components: digitized, taken from the personal store, reused. */
static void
read_components(JsonTree *record, bool *digitized, bool *personal_store, bool *reused,
				Problems *problems)
{
	const char *key = "TaiLieuNop";
	JsonTree *components = array_field(record, key, problems);
	int			n = components ? components->count : 0;

	for (int i = 0; i < n; i++)
	{
		JsonTree *c = object_element(components, key, i, problems);
		Place		place = {key, i + 1};
		int			reuse;

		if (c == NULL || flag_field(c, place, "IsDeleted", problems))
			continue;
		if (present_field(c, place, "DuongDanTaiTepTin", problems))
			*digitized = true;
		if (flag_field(c, place, "DuocLayTuKhoDMQG", problems))
			*personal_store = true;
		reuse = code_field(c, place, "DuocTaiSuDung", 0, 2, "0, 1 or 2",
						   "DuocTaiSuDung is 0 (not reused), 1 (another dossier's component) or 2 (another dossier's result).",
						   problems);
		if (reuse == 1 || reuse == 2)
			*reused = true;
	}
}

/* DanhSachHoSoBoSung: how many requests, and when each was requested and answered. */
static void
read_supplements(JsonTree *record, Fields *f, Problems *problems)
{
	const char *key = "DanhSachHoSoBoSung";
	JsonTree *list = array_field(record, key, problems);
	int			n = list ? list->count : 0;
	Datum	   *requested = palloc(sizeof(Datum) * Max(n, 1));
	Datum	   *received = palloc(sizeof(Datum) * Max(n, 1));
	bool	   *requested_null = palloc(sizeof(bool) * Max(n, 1));
	bool	   *received_null = palloc(sizeof(bool) * Max(n, 1));
	int			dims[1];
	int			lbs[1] = {1};
	int			kept = 0;

	if (n > PG_INT16_MAX)
	{
		problem(problems, key, "54000", NULL, "%s lists %d supplement requests, more than %d", key, n, PG_INT16_MAX);
		n = 0;
	}
	for (int i = 0; i < n; i++)
	{
		JsonTree *entry = object_element(list, key, i, problems);
		Place		place = {key, i + 1};
		TimestampTz t;

		if (entry == NULL)
			continue;
		requested_null[kept] = !time_field(entry, place, "NgayBoSung", &t, problems);
		requested[kept] = requested_null[kept] ? (Datum) 0 : TimestampTzGetDatum(t);
		received_null[kept] = !time_field(entry, place, "NgayTiepNhanBoSung", &t, problems);
		received[kept] = received_null[kept] ? (Datum) 0 : TimestampTzGetDatum(t);
		if (!requested_null[kept] && !received_null[kept]
			&& DatumGetTimestampTz(received[kept]) < DatumGetTimestampTz(requested[kept]))
		{
			problem(problems, place_name(place, "NgayTiepNhanBoSung"), "23514", NULL,
					"%s: the supplement was received (NgayTiepNhanBoSung %s) before it was requested (NgayBoSung %s)",
					place_name(place, NULL), timestamptz_to_str(DatumGetTimestampTz(received[kept])),
					timestamptz_to_str(DatumGetTimestampTz(requested[kept])));
			received_null[kept] = true;
		}
		kept++;
	}
	dims[0] = kept;
	set_int16(f, F_SUPPLEMENTS_LISTED, kept);
	f->values[F_SUPPLEMENTS_REQUESTED_AT] = PointerGetDatum(construct_md_array(requested, requested_null, 1, dims, lbs,
																			   TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	f->values[F_SUPPLEMENTS_RECEIVED_AT] = PointerGetDatum(construct_md_array(received, received_null, 1, dims, lbs,
																			  TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	f->nulls[F_SUPPLEMENTS_REQUESTED_AT] = f->nulls[F_SUPPLEMENTS_RECEIVED_AT] = false;
}

static void
read_dossier(JsonTree *record, Fields *f, Problems *problems)
{
	text	   *procedure = text_field(record, RECORD, "MaTTHC", problems);
	text	   *unit = text_field(record, RECORD, "DonViXuLy", problems);
	int			status;
	int			channel;
	bool		digitized = false,
				personal_store = false,
				reused;
	JsonTree *list;
	int64		fee = 0;
	bool		any_fee = false;
	List	   *databases = NIL;

	if (procedure == NULL)
		problem(problems, "MaTTHC", "23502", NULL, "MaTTHC is missing");
	if (unit == NULL)
		problem(problems, "DonViXuLy", "23502", NULL, "DonViXuLy is missing");
	set_text(f, F_PROCEDURE_CODE, procedure);
	set_text(f, F_UNIT_IDENTIFIER, unit);

	channel = code_field(record, RECORD, "KenhThucHien", 1, 3, "a channel",
						 "KenhThucHien is 1 (direct), 2 (online) or 3 (postal); empty is direct.", problems);
	set_int16(f, F_CHANNEL_CODE, channel < 0 ? 1 : channel);
	set_time(f, F_SUBMITTED_AT, record, "NgayNopHoSo", problems);
	set_time(f, F_RECEIVED_AT, record, "NgayTiepNhan", problems);
	set_time(f, F_DUE_AT, record, "NgayHenTra", problems);
	set_time(f, F_PROCESSING_ENDED_AT, record, "NgayKetThucXuLy", problems);
	set_time(f, F_RETURNED_AT, record, "NgayTra", problems);
	set_time(f, F_REJECTED_AT, record, "NgayTuChoi", problems);

	status = code_field(record, RECORD, "TrangThaiHoSo", 1, 10, "a status code", PORTAL_STATUS_HINT, problems);
	if (status < 0 && get_value(record, "TrangThaiHoSo") == NULL)
		problem(problems, "TrangThaiHoSo", "23502", PORTAL_STATUS_HINT, "TrangThaiHoSo is missing");
	set_int16(f, F_STATUS, status);

	/* electronic result: a result with a file link */
	list = array_field(record, "DanhSachGiayToKetQua", problems);
	{
		bool		electronic = false;

		for (int i = 0; list && i < (int) list->count; i++)
		{
			JsonTree *r = object_element(list, "DanhSachGiayToKetQua", i, problems);
			Place		place = {"DanhSachGiayToKetQua", i + 1};

			if (r != NULL && present_field(r, place, "DuongDanTepTinKetQua", problems))
				electronic = true;
		}
		set_bool(f, F_ELECTRONIC_RESULT, electronic);
	}

	reused = flag_field(record, RECORD, "HoSoCoThanhPhanSoHoa", problems);
	read_components(record, &digitized, &personal_store, &reused, problems);
	set_bool(f, F_DIGITIZED, digitized);
	set_bool(f, F_REUSED_DATA, reused);
	set_bool(f, F_PERSONAL_STORE, personal_store);
	set_bool(f, F_VNEID_ACCOUNT, flag_field(record, RECORD, "TaiKhoanDuocXacThucVoiVNeID", problems));

	/* the databases connected: which code means the population database is data */
	list = array_field(record, "DSKetNoiCSDL", problems);
	for (int i = 0; list && i < (int) list->count; i++)
	{
		JsonTree *db = object_element(list, "DSKetNoiCSDL", i, problems);
		Place		place = {"DSKetNoiCSDL", i + 1};
		int			len;
		const char *code;

		if (db == NULL)
			continue;
		code = scalar_text(get_value(db, "MaCSDL"), place, "MaCSDL", &len, problems);
		if (code != NULL)
			databases = lappend(databases, pnstrdup(code, len));
	}
	f->values[F_DATABASES] = PointerGetDatum(text_array(databases));
	f->nulls[F_DATABASES] = false;

	/* paid online: 1 the portal, 2 a local gateway; 0, empty and other codes are not */
	{
		int			len;
		const char *paid = scalar_text(get_value(record, "DuocThanhToanTrucTuyen"), RECORD,
									   "DuocThanhToanTrucTuyen", &len, problems);

		if (paid != NULL && len == 1 && (paid[0] == '1' || paid[0] == '2'))
			set_int16(f, F_PAYMENT_CODE, paid[0] - '0');
	}

	/* the fee: the sum of the fee lines' Gia; no lines, no fee data */
	list = array_field(record, "DanhSachLePhi", problems);
	for (int i = 0; list && i < (int) list->count; i++)
	{
		JsonTree *line = object_element(list, "DanhSachLePhi", i, problems);
		Place		place = {"DanhSachLePhi", i + 1};

		if (line != NULL)
			add_amount(line, place, "Gia", &fee, &any_fee, problems);
	}
	if (any_fee)
	{
		f->values[F_FEE_AMOUNT] = Int64GetDatum(fee);
		f->nulls[F_FEE_AMOUNT] = false;
	}

	read_supplements(record, f, problems);
}

static void
read_step(JsonTree *step, Fields *f, Problems *problems)
{
	TimestampTz at;
	int			status = code_field(step, RECORD, "TrangThai", 1, 10, "a status code", PORTAL_STATUS_HINT, problems);

	if (status < 0 && get_value(step, "TrangThai") == NULL)
		problem(problems, "TrangThai", "23502", PORTAL_STATUS_HINT, "TrangThai is missing");
	set_int16(f, F_STEP_STATUS, status);
	if (time_field(step, RECORD, "ThoiDiemXuLy", &at, problems))
	{
		f->values[F_STEP_AT] = TimestampTzGetDatum(at);
		f->nulls[F_STEP_AT] = false;
	}
	else if (get_value(step, "ThoiDiemXuLy") == NULL)
		problem(problems, "ThoiDiemXuLy", "23502", PORTAL_TIME_HINT, "ThoiDiemXuLy is missing");
}

/*
 * The fields and problems of one record or step as a govindex.portal_fields datum.
 * A step is an element with "kind": "step", or without a kind, one that has
 * ThoiDiemXuLy.
 */
static Datum
fields_of(JsonTree *obj, FunctionCallInfo fcinfo)
{
	TupleDesc	tupdesc = (TupleDesc) fcinfo->flinfo->fn_extra;
	Problems	problems = {NIL, NIL, NIL, NIL};
	Fields		f;

	if (tupdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "portal_fields must return a composite type");
		tupdesc = BlessTupleDesc(CreateTupleDescCopy(tupdesc));
		if (tupdesc->natts != F_COUNT)
			elog(ERROR, "type govindex.portal_fields has %d columns, not %d", tupdesc->natts, F_COUNT);
		fcinfo->flinfo->fn_extra = tupdesc;
		MemoryContextSwitchTo(old);
	}
	memset(f.nulls, true, sizeof(f.nulls));

	if (obj->kind != JSON_TREE_OBJECT)
		problem(&problems, "", "22023", "Each element is a JSON object: a dossier record or a timeline step.",
				"the element is %s, not an object",
				obj->kind == JSON_TREE_ARRAY ? "an array" : "a value");
	else
	{
		int			len;
		const char *kind = scalar_text(get_value(obj, "kind"), RECORD, "kind", &len, &problems);
		bool		step;

		if (kind == NULL)
			step = get_value(obj, "ThoiDiemXuLy") != NULL;
		else if (len == 4 && memcmp(kind, "step", 4) == 0)
			step = true;
		else if (len == 7 && memcmp(kind, "dossier", 7) == 0)
			step = false;
		else
		{
			problem(&problems, "kind", "22023", "kind is \"dossier\" or \"step\", or left out.",
					"kind \"%s\" is neither dossier nor step", quoted(kind, len));
			goto done;
		}
		set_text(&f, F_KIND, cstring_to_text(step ? "step" : "dossier"));
		set_text(&f, F_CODE, text_field(obj, RECORD, "MaHoSo", &problems));
		if (f.nulls[F_CODE])
			problem(&problems, "MaHoSo", "23502", "Every dossier record and timeline step names its dossier in MaHoSo.",
					"MaHoSo is missing");
		if (step)
			read_step(obj, &f, &problems);
		else
			read_dossier(obj, &f, &problems);
	}
done:
	if (problems.fields != NIL)
	{
		f.values[F_PROBLEM_FIELDS] = PointerGetDatum(text_array(problems.fields));
		f.values[F_PROBLEM_STATES] = PointerGetDatum(text_array(problems.states));
		f.values[F_PROBLEM_MESSAGES] = PointerGetDatum(text_array(problems.messages));
		f.values[F_PROBLEM_HINTS] = PointerGetDatum(text_array(problems.hints));
		f.nulls[F_PROBLEM_FIELDS] = f.nulls[F_PROBLEM_STATES] = false;
		f.nulls[F_PROBLEM_MESSAGES] = f.nulls[F_PROBLEM_HINTS] = false;
	}
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, f.values, f.nulls));
}

/* portal_fields(record jsonb) → govindex.portal_fields: an element of a batch. */
Datum
portal_fields(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(fields_of(json_tree_from_jsonb(PG_GETARG_JSONB_P(0)), fcinfo));
}

/*
 * portal_line_fields(line text) → govindex.portal_fields: a line of a file, the
 * same as portal_fields(line::jsonb) without building the jsonb.  The tree lives in
 * one context of the backend's, emptied for every line (and before it, after a line
 * that failed): a file is read a million lines a statement.
 */
Datum
portal_line_fields(PG_FUNCTION_ARGS)
{
	static MemoryContext tree_context = NULL;
	text	   *line = PG_GETARG_TEXT_PP(0);
	MemoryContext old;
	JsonTree   *tree;
	Datum		result;

	if (tree_context == NULL)
		tree_context = AllocSetContextCreate(TopMemoryContext, "portal line", ALLOCSET_DEFAULT_SIZES);
	MemoryContextReset(tree_context);
	old = MemoryContextSwitchTo(tree_context);
	tree = json_tree_from_text(VARDATA_ANY(line), VARSIZE_ANY_EXHDR(line));
	MemoryContextSwitchTo(old);
	result = fields_of(tree, fcinfo);
	MemoryContextReset(tree_context);
	PG_RETURN_DATUM(result);
}
