/*
 * yaml2json.c - a build tool: yaml2json FILE.yaml prints the document as
 * compact JSON (keys in the document's order) on standard output. The
 * build turns docs/openapi.yaml into the JSON the server answers at
 * GET /api/v1/openapi.json with it, so the two cannot differ.
 *
 * It reads the YAML the document is written in and nothing looser, with
 * the same rules as the tests' reader (tests/lib/openapi.mjs): keys are
 * strings; a plain scalar is null (empty, ~, null), true, false, an
 * integer (-12), a decimal (0.25, .5) or else a string; quoted and block
 * scalars are strings. Anchors, aliases, tags, duplicate keys, several
 * documents and the ambiguous YAML 1.1 booleans (yes, no, on, off, y, n)
 * are errors naming the line, rather than being read one way here and
 * another way there. Exit status: 0, 1 on any error (message on stderr).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <yaml.h>

static const char	*path;

static void
die_at(const yaml_event_t *ev, const char *what, const char *detail)
{
	fprintf(stderr, "yaml2json: %s line %lu: %s%s%s\n", path,
	    (unsigned long)ev->start_mark.line + 1, what,
	    detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static void
next(yaml_parser_t *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(p, ev)) {
		fprintf(stderr, "yaml2json: %s line %lu: %s\n", path,
		    (unsigned long)p->problem_mark.line + 1,
		    p->problem ? p->problem : "cannot parse");
		exit(1);
	}
}

/* All of s matches: optional sign, then digits (integer) or d*.d+. */
static int
numeric(const char *s, int *is_int)
{
	const char	*q = s;
	size_t		 before = 0, after = 0;

	if (*q == '-' || *q == '+')
		q++;
	while (isdigit((unsigned char)*q)) {
		q++;
		before++;
	}
	if (*q == '\0') {
		*is_int = 1;
		return (before > 0);
	}
	if (*q != '.')
		return (0);
	for (q++; isdigit((unsigned char)*q); q++)
		after++;
	*is_int = 0;
	return (*q == '\0' && after > 0);
}

static json_t *
scalar(const yaml_event_t *ev)
{
	static const char *const ambiguous[] = { "yes", "no", "on", "off",
	    "y", "n", NULL };
	const char	*s = (const char *)ev->data.scalar.value;
	size_t		 i;
	int		 is_int;

	if (ev->data.scalar.tag != NULL)
		die_at(ev, "tags are not supported", s);
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return (json_stringn(s, ev->data.scalar.length));
	if (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0)
		return (json_null());
	if (strcmp(s, "true") == 0)
		return (json_true());
	if (strcmp(s, "false") == 0)
		return (json_false());
	for (i = 0; ambiguous[i] != NULL; i++)
		if (strcasecmp(s, ambiguous[i]) == 0)
			die_at(ev, "ambiguous plain scalar (quote it)", s);
	if (numeric(s, &is_int)) {
		errno = 0;
		if (is_int) {
			long long v = strtoll(s, NULL, 10);
			if (errno == 0)
				return (json_integer(v));
		} else
			return (json_real(strtod(s, NULL)));
		die_at(ev, "number out of range", s);
	}
	return (json_stringn(s, ev->data.scalar.length));
}

static json_t	*node(yaml_parser_t *, yaml_event_t *);

static json_t *
mapping(yaml_parser_t *p)
{
	yaml_event_t	 ev;
	json_t		*obj = json_object(), *v;
	char		*key;

	for (;;) {
		next(p, &ev);
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return (obj);
		}
		if (ev.type != YAML_SCALAR_EVENT)
			die_at(&ev, "a mapping key must be a scalar", NULL);
		if (ev.data.scalar.tag != NULL)
			die_at(&ev, "tags are not supported",
			    (const char *)ev.data.scalar.value);
		key = strdup((const char *)ev.data.scalar.value);
		if (key == NULL || strlen(key) != ev.data.scalar.length)
			die_at(&ev, "bad key", NULL);
		if (json_object_get(obj, key) != NULL)
			die_at(&ev, "duplicate key", key);
		yaml_event_delete(&ev);
		next(p, &ev);
		v = node(p, &ev);
		if (json_object_set_new(obj, key, v) != 0) {
			fprintf(stderr, "yaml2json: %s: key %s\n", path, key);
			exit(1);
		}
		free(key);
	}
}

static json_t *
sequence(yaml_parser_t *p)
{
	yaml_event_t	 ev;
	json_t		*arr = json_array();

	for (;;) {
		next(p, &ev);
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return (arr);
		}
		json_array_append_new(arr, node(p, &ev));
	}
}

/* The node that starts with ev (consumed). */
static json_t *
node(yaml_parser_t *p, yaml_event_t *ev)
{
	json_t	*v;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor != NULL)
			die_at(ev, "anchors are not supported", NULL);
		v = scalar(ev);
		break;
	case YAML_MAPPING_START_EVENT:
		if (ev->data.mapping_start.anchor != NULL ||
		    ev->data.mapping_start.tag != NULL)
			die_at(ev, "anchors and tags are not supported", NULL);
		v = mapping(p);
		break;
	case YAML_SEQUENCE_START_EVENT:
		if (ev->data.sequence_start.anchor != NULL ||
		    ev->data.sequence_start.tag != NULL)
			die_at(ev, "anchors and tags are not supported", NULL);
		v = sequence(p);
		break;
	case YAML_ALIAS_EVENT:
		die_at(ev, "aliases are not supported", NULL);
		return (NULL);
	default:
		die_at(ev, "unexpected YAML event", NULL);
		return (NULL);
	}
	yaml_event_delete(ev);
	if (v == NULL) {
		fprintf(stderr, "yaml2json: %s: out of memory\n", path);
		exit(1);
	}
	return (v);
}

static void
expect(yaml_parser_t *p, yaml_event_type_t type, const char *what)
{
	yaml_event_t	ev;

	next(p, &ev);
	if (ev.type != type)
		die_at(&ev, what, NULL);
	yaml_event_delete(&ev);
}

int
main(int argc, char **argv)
{
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	FILE		*f;
	json_t		*doc;

	if (argc != 2) {
		fprintf(stderr, "usage: yaml2json FILE.yaml\n");
		return (1);
	}
	path = argv[1];
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "yaml2json: %s: %s\n", path, strerror(errno));
		return (1);
	}
	if (!yaml_parser_initialize(&p)) {
		fprintf(stderr, "yaml2json: out of memory\n");
		return (1);
	}
	yaml_parser_set_input_file(&p, f);
	expect(&p, YAML_STREAM_START_EVENT, "not a YAML stream");
	expect(&p, YAML_DOCUMENT_START_EVENT, "no document");
	next(&p, &ev);
	doc = node(&p, &ev);
	expect(&p, YAML_DOCUMENT_END_EVENT, "text after the document");
	expect(&p, YAML_STREAM_END_EVENT, "more than one document");
	yaml_parser_delete(&p);
	fclose(f);
	if (json_dumpf(doc, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15)) != 0 || fflush(stdout) != 0) {
		fprintf(stderr, "yaml2json: cannot write the JSON\n");
		return (1);
	}
	json_decref(doc);
	return (0);
}
