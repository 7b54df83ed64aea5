/*
 * api/api_res.c: api_doc_version, the scanner that reads a document's
 * "version" for its ETag without parsing the whole document. On every text
 * jansson accepts as an object it must agree with jansson (the last member
 * named "version", when an integer) or say it cannot tell (UNREADABLE); on any
 * other text it must not misbehave (the sanitizers watch).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_support.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	int64_t got = 12345;
	enum api_lookup rc = api_doc_version(text, &got);
	FUZZ_CHECK(rc == API_LOOKUP_ABSENT || rc == API_LOOKUP_FOUND || rc == API_LOOKUP_UNREADABLE);
	if (rc != API_LOOKUP_FOUND)
		FUZZ_CHECK(got == 12345);
	json_t *doc = json_loads(text, 0, NULL);
	if (doc != NULL && json_is_object(doc) && strlen(text) == size && rc != API_LOOKUP_UNREADABLE) {
		json_t *v = json_object_get(doc, "version");
		FUZZ_CHECK(rc == (json_is_integer(v) ? API_LOOKUP_FOUND : API_LOOKUP_ABSENT));
		if (rc == API_LOOKUP_FOUND)
			FUZZ_CHECK(got == (int64_t)json_integer_value(v));
	}
	json_decref(doc);
	free(text);
	return 0;
}
