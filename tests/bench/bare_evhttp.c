/*
 * The benchmark's upper reference: an evhttp server on one event loop (as
 * transitd's front end) that answers every request with a fixed JSON
 * document of the size of a unit, with no worker hand-off and no database.
 * What transitd does per request beyond this is what its ratio to this
 * server measures.
 *
 * Usage: bare_evhttp PORT   (listens on 127.0.0.1; SIGTERM or SIGINT stops it)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

static const char doc[] =
    "{\"id\":412,\"building_id\":21,\"name\":\"Rue Haute 14\",\"kind\":\"apartment\","
    "\"street\":\"Rue Haute\",\"house_number\":\"14\",\"box\":null,\"postal_code\":\"5000\","
    "\"commune\":\"Namur\",\"floor\":1,\"collective\":false,\"base_indemnity_cents\":45000,"
    "\"utility_provision_cents\":6500,\"subsidised\":true,\"furnished\":false,"
    "\"status\":\"available\",\"rooms\":[{\"name\":\"séjour-cuisine\",\"kind\":"
    "\"kitchen_living\",\"area_dm2\":2000,\"habitable\":true,\"shared\":false},"
    "{\"name\":\"chambre\",\"kind\":\"bedroom\",\"area_dm2\":1200,\"habitable\":true,"
    "\"shared\":false}],\"version\":1,\"created_at\":\"2026-11-16T10:00:00+01:00\","
    "\"updated_at\":\"2026-11-16T10:00:00+01:00\"}";

static void on_request(struct evhttp_request *req, void *arg)
{
	(void)arg;
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	struct evbuffer *buf = evbuffer_new();

	if (buf == NULL) {
		evhttp_send_error(req, 503, "Service Unavailable");
		return;
	}
	evhttp_add_header(h, "Content-Type", "application/json");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evbuffer_add_reference(buf, doc, sizeof doc - 1, NULL, NULL);
	evhttp_send_reply(req, 200, "OK", buf);
	evbuffer_free(buf);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	event_base_loopexit(arg, NULL);
}

int main(int argc, char **argv)
{
	struct event_base *base = NULL;
	struct evhttp *http = NULL;
	struct event *term = NULL, *intr = NULL;
	int port = argc == 2 ? atoi(argv[1]) : 0;
	int rc = 1;

	if (port <= 0 || port > 65535) {
		fprintf(stderr, "usage: %s PORT\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if ((base = event_base_new()) == NULL || (http = evhttp_new(base)) == NULL)
		goto out;
	evhttp_set_gencb(http, on_request, NULL);
	if (evhttp_bind_socket(http, "127.0.0.1", (ev_uint16_t)port) != 0) {
		fprintf(stderr, "bare_evhttp: cannot listen on 127.0.0.1:%d\n", port);
		goto out;
	}
	term = evsignal_new(base, SIGTERM, on_signal, base);
	intr = evsignal_new(base, SIGINT, on_signal, base);
	if (term == NULL || intr == NULL || event_add(term, NULL) != 0 ||
	    event_add(intr, NULL) != 0)
		goto out;
	event_base_dispatch(base);
	rc = 0;
out:
	if (term != NULL)
		event_free(term);
	if (intr != NULL)
		event_free(intr);
	if (http != NULL)
		evhttp_free(http);
	if (base != NULL)
		event_base_free(base);
	return rc;
}
