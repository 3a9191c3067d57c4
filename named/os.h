/*
 * os.h - the process-level chores of named: chroot, working directory,
 * changing user, the pid file, and turning into a daemon.
 *
 * Contract
 *  - Every function returns R_OK or an error and, on error, writes
 *    named's message for it (without the "named: " prefix or a newline)
 *    into msg[0..msglen); msg is untouched on success.  Nothing here logs
 *    or exits: the caller decides whether the error is fatal (start-up)
 *    or a warning (reload), as named does.
 *  - os_daemonize() must be called before any thread exists (fork copies
 *    only the calling thread).  The parent does not return: it waits
 *    until the child calls os_daemon_started() (exit 0) or dies first
 *    (exit 1), so `named` run from an init script reports a failed start
 *    in its exit status, like BIND's.
 */
#ifndef BINDERY_NAMED_OS_H
#define BINDERY_NAMED_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "zones/result.h"

/* chroot(dir) then chdir("/"). */
result_t os_chroot(const char *dir, char *msg, size_t msglen);

/* chdir(dir). */
result_t os_chdir(const char *dir, char *msg, size_t msglen);

/* Makes path absolute against the current directory (copy in out). */
result_t os_abspath(const char *path, char *out, size_t outlen);

/* The user's ids; R_NOTFOUND ("user 'x' unknown") when there is none. */
result_t os_user_lookup(const char *user, uid_t *uid, gid_t *gid, char *msg,
                        size_t msglen);

/*
 * -u in two steps, as named takes them: the user's supplementary groups
 * are set while /etc/group is still reachable (before -t chroots; a
 * no-op unless root), and the ids are changed once the sockets are bound
 * (setgid, then setuid; a no-op when they are already those).
 */
result_t os_initgroups(const char *user, gid_t gid, char *msg, size_t msglen);
result_t os_setids(uid_t uid, gid_t gid, char *msg, size_t msglen);

/* Both steps at once for user (os_user_lookup, os_initgroups unless
 * already that user, os_setids). */
result_t os_change_user(const char *user, char *msg, size_t msglen);

/*
 * Writes "<pid>\n" to path, creating missing parent directories (mode
 * 0755) as named does.  The file is replaced if it exists.
 */
result_t os_pidfile_write(const char *path, pid_t pid, char *msg,
                          size_t msglen);

/* Removes the pid file; a missing file is not an error. */
void os_pidfile_remove(const char *path);

/* Forks into the background (see above); returns in the child only. */
result_t os_daemonize(char *msg, size_t msglen);

/* Tells the waiting parent that start-up succeeded and points stdin,
 * stdout and stderr at /dev/null.  No-op unless daemonized. */
void os_daemon_started(void);

#endif
