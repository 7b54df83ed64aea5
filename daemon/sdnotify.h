/* sdnotify: the sd_notify protocol (READY=1, STOPPING=1, RELOADING=1) sent
 * to $NOTIFY_SOCKET, without linking libsystemd. No-op when unset. */
#ifndef TRANSITD_SDNOTIFY_H
#define TRANSITD_SDNOTIFY_H

void sdnotify(const char *state);

#endif
