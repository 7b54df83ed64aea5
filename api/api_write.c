/*
 * The write of one resource (POST or PUT), the pipeline its handlers share
 * (declared in api_internal.h): If-Match, body, input, transaction, answer.
 */
#include "api_internal.h"

int api_write_run(struct api_ctx *c, int64_t *if_match, void *in,
		  int (*read)(struct api_ctx *c, json_t *body, void *in),
		  int (*save)(struct api_ctx *c, void *in),
		  int (*reply)(struct api_ctx *c, void *in))
{
	json_t *body = NULL;
	int rc = if_match != NULL ? api_if_match(c, if_match) : 0;
	if (rc == 0)
		rc = (body = api_body_object(c)) != NULL ? 0 : -1;
	if (rc == 0)
		rc = read(c, body, in);
	if (rc == 0)
		rc = api_tx(c, save, in);
	if (rc == 0)
		rc = reply(c, in);
	json_decref(body);
	return rc;
}
