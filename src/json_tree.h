/*
 * json_tree.h — a small in-memory tree of one JSON value, built from JSON text (one
 * pass of PostgreSQL's JSON parser, without building a jsonb) or from a jsonb, so
 * that portal.c reads a file's lines and a jsonb batch's elements with the same code.
 * Values are as jsonb holds them: strings unescaped, numbers as numeric_out writes
 * them, the last of duplicate keys wins.
 */
#ifndef GOVINDEX_JSON_TREE_H
#define GOVINDEX_JSON_TREE_H

#include "postgres.h"

#include "utils/jsonb.h"

typedef enum JsonTreeKind
{
	JSON_TREE_NULL,
	JSON_TREE_STRING,
	JSON_TREE_NUMBER,
	JSON_TREE_BOOL,
	JSON_TREE_OBJECT,
	JSON_TREE_ARRAY
} JsonTreeKind;

typedef struct JsonTree
{
	JsonTreeKind kind;
	const char *text;			/* string or number (numeric_out), not terminated */
	int			len;
	bool		boolean;
	int			count;			/* members of an object, elements of an array */
	int			capacity;
	const char **keys;			/* object: keys[i] of key_lengths[i] bytes */
	int		   *key_lengths;
	struct JsonTree **items;	/* object members' values, array elements */
	struct JsonTree *parent;	/* while building */
} JsonTree;

/* The tree of JSON text; text that is not JSON fails as a cast to jsonb does (22P02). */
extern JsonTree *json_tree_from_text(char *json, int len);
extern JsonTree *json_tree_from_jsonb(Jsonb *jsonb);

/* The member key of object, NULL when it is missing (the last of duplicates wins). */
extern JsonTree *json_tree_member(JsonTree *object, const char *key);

#endif							/* GOVINDEX_JSON_TREE_H */
