/*
 * json_tree.c — one JSON value as a small tree (json_tree.h).  From text it is one
 * pass of PostgreSQL's JSON parser with semantic actions: no jsonb is built, sorted
 * and serialized only to be read once, which is most of what reading a line of a
 * portal file costs.  Text that is not JSON fails exactly as a cast to jsonb does.
 */
#include "json_tree.h"

#include "common/jsonapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonfuncs.h"
#include "utils/numeric.h"

static JsonTree *
new_node(JsonTreeKind kind)
{
	JsonTree   *node = palloc0(sizeof(JsonTree));

	node->kind = kind;
	return node;
}

/* An array of n elements of size bytes, keeping those of items (NULL: none yet). */
static void *
grown(void *items, Size size, int n)
{
	return items == NULL ? palloc(size * n) : repalloc(items, size * n);
}

/* Appends value to a container (with key, for an object). */
static void
add_item(JsonTree *container, const char *key, int key_length, JsonTree *value)
{
	if (container->count == container->capacity)
	{
		bool		object = container->kind == JSON_TREE_OBJECT;

		container->capacity = container->capacity == 0 ? 8 : container->capacity * 2;
		container->items = grown(container->items, sizeof(JsonTree *), container->capacity);
		if (object)
		{
			container->keys = grown(container->keys, sizeof(char *), container->capacity);
			container->key_lengths = grown(container->key_lengths, sizeof(int), container->capacity);
		}
	}
	if (container->kind == JSON_TREE_OBJECT)
	{
		container->keys[container->count] = key;
		container->key_lengths[container->count] = key_length;
	}
	container->items[container->count++] = value;
}

JsonTree *
json_tree_member(JsonTree *object, const char *key)
{
	int			length = strlen(key);

	for (int i = object->count - 1; i >= 0; i--)
		if (object->key_lengths[i] == length && memcmp(object->keys[i], key, length) == 0)
			return object->items[i];
	return NULL;
}

/* A number as jsonb holds it: numeric_in's value, written by numeric_out. */
static JsonTree *
number_node(const char *token)
{
	JsonTree   *node = new_node(JSON_TREE_NUMBER);
	Datum		number = DirectFunctionCall3(numeric_in, CStringGetDatum(token),
											 ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));

	node->text = DatumGetCString(DirectFunctionCall1(numeric_out, number));
	node->len = strlen(node->text);
	return node;
}

/*
 * ---- from text ----------------------------------------------------------------
 */

typedef struct TextBuilder
{
	JsonTree   *root;
	JsonTree   *current;		/* the open container */
	char	   *key;			/* the current object member's key */
} TextBuilder;

static void
attach(TextBuilder *b, JsonTree *node)
{
	if (b->current == NULL)
		b->root = node;
	else
		add_item(b->current, b->key, b->key ? strlen(b->key) : 0, node);
}

static void
open_container(TextBuilder *b, JsonTreeKind kind)
{
	JsonTree   *node = new_node(kind);

	attach(b, node);
	node->parent = b->current;
	b->current = node;
}

static void
on_object_start(void *state)
{
	open_container(state, JSON_TREE_OBJECT);
}

static void
on_array_start(void *state)
{
	open_container(state, JSON_TREE_ARRAY);
}

static void
on_container_end(void *state)
{
	TextBuilder *b = state;

	b->current = b->current->parent;
}

static void
on_field_start(void *state, char *fname, bool isnull)
{
	((TextBuilder *) state)->key = fname;
}

static void
on_scalar(void *state, char *token, JsonTokenType type)
{
	JsonTree   *node;

	switch (type)
	{
		case JSON_TOKEN_STRING:
			node = new_node(JSON_TREE_STRING);
			node->text = token;
			node->len = strlen(token);
			break;
		case JSON_TOKEN_NUMBER:
			node = number_node(token);
			break;
		case JSON_TOKEN_TRUE:
		case JSON_TOKEN_FALSE:
			node = new_node(JSON_TREE_BOOL);
			node->boolean = type == JSON_TOKEN_TRUE;
			break;
		default:
			node = new_node(JSON_TREE_NULL);
			break;
	}
	attach(state, node);
}

JsonTree *
json_tree_from_text(char *json, int len)
{
	TextBuilder builder = {NULL, NULL, NULL};
	JsonLexContext *lex = makeJsonLexContextCstringLen(json, len, GetDatabaseEncoding(), true);
	JsonSemAction sem = {0};
	JsonParseErrorType result;

	sem.semstate = &builder;
	sem.object_start = on_object_start;
	sem.object_end = on_container_end;
	sem.array_start = on_array_start;
	sem.array_end = on_container_end;
	sem.object_field_start = on_field_start;
	sem.scalar = on_scalar;
	result = pg_parse_json(lex, &sem);
	if (result != JSON_SUCCESS)
		json_ereport_error(result, lex);
	return builder.root;
}

/*
 * ---- from jsonb ---------------------------------------------------------------
 */

static JsonTree *
scalar_node(JsonbValue *value)
{
	JsonTree   *node;

	switch (value->type)
	{
		case jbvString:
			node = new_node(JSON_TREE_STRING);
			node->text = value->val.string.val;
			node->len = value->val.string.len;
			return node;
		case jbvNumeric:
			node = new_node(JSON_TREE_NUMBER);
			node->text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value->val.numeric)));
			node->len = strlen(node->text);
			return node;
		case jbvBool:
			node = new_node(JSON_TREE_BOOL);
			node->boolean = value->val.boolean;
			return node;
		default:
			return new_node(JSON_TREE_NULL);
	}
}

JsonTree *
json_tree_from_jsonb(Jsonb *jsonb)
{
	JsonbIterator *it = JsonbIteratorInit(&jsonb->root);
	JsonbValue	value;
	JsonbIteratorToken token;
	JsonTree   *root = NULL;
	JsonTree   *current = NULL;
	JsonbValue	key = {0};
	bool		raw_scalar = false;

	while ((token = JsonbIteratorNext(&it, &value, false)) != WJB_DONE)
	{
		JsonTree   *node;

		switch (token)
		{
			case WJB_BEGIN_ARRAY:
				if (value.val.array.rawScalar)
				{
					raw_scalar = true;	/* a scalar: the one element is the value */
					continue;
				}
				node = new_node(JSON_TREE_ARRAY);
				break;
			case WJB_BEGIN_OBJECT:
				node = new_node(JSON_TREE_OBJECT);
				break;
			case WJB_END_ARRAY:
			case WJB_END_OBJECT:
				if (!raw_scalar)
					current = current->parent;
				continue;
			case WJB_KEY:
				key = value;
				continue;
			default:			/* WJB_VALUE, WJB_ELEM */
				node = scalar_node(&value);
				break;
		}
		if (current == NULL)
			root = node;
		else if (current->kind == JSON_TREE_OBJECT)
			add_item(current, key.val.string.val, key.val.string.len, node);
		else
			add_item(current, NULL, 0, node);
		if (node->kind == JSON_TREE_OBJECT || node->kind == JSON_TREE_ARRAY)
		{
			node->parent = current;
			current = node;
		}
	}
	return root;
}
