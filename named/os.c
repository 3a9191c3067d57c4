/*
 * os.c - chroot, directories, user, pid file and daemon start-up for
 * named (see os.h for the contract).  Messages are named 9.18's.
 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/*
 * After every system header: <fcntl.h> defines R_OK (4) for access(2)
 * as <unistd.h> does, and result.h must be the one that drops it.
 */
#include "zones/result.h"
#include "named/os.h"

/* Catches a system header that brought back access(2)'s R_OK macro. */
_Static_assert(R_OK == 0, "R_OK must be result_t's");

/* The write end of the pipe the waiting parent reads; -1 if none. */
static int daemon_pipe = -1;

result_t
os_chroot(const char *dir, char *msg, size_t msglen) {
	if (chroot(dir) != 0) {
		snprintf(msg, msglen, "chroot(): %s", strerror(errno));
		return R_FAILURE;
	}
	if (chdir("/") != 0) {
		snprintf(msg, msglen, "chdir(/): %s", strerror(errno));
		return R_FAILURE;
	}
	return R_OK;
}

result_t
os_chdir(const char *dir, char *msg, size_t msglen) {
	if (chdir(dir) != 0) {
		snprintf(msg, msglen, "chdir(%s): %s", dir, strerror(errno));
		return errno == ENOENT ? R_FILENOTFOUND : R_FAILURE;
	}
	return R_OK;
}

result_t
os_abspath(const char *path, char *out, size_t outlen) {
	if (path[0] == '/') {
		if (strlen(path) >= outlen) {
			return R_NOSPACE;
		}
		memcpy(out, path, strlen(path) + 1);
		return R_OK;
	}
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		return R_FAILURE;
	}
	/* "dir/./x" would be harmless, but named prints "dir/x". */
	while (path[0] == '.' && path[1] == '/') {
		path += 2;
	}
	const char *sep = strcmp(cwd, "/") == 0 ? "" : "/";
	int n = snprintf(out, outlen, "%s%s%s", cwd, sep, path);
	if (n < 0 || (size_t)n >= outlen) {
		return R_NOSPACE;
	}
	return R_OK;
}

result_t
os_user_lookup(const char *user, uid_t *uid, gid_t *gid, char *msg,
               size_t msglen) {
	errno = 0;
	struct passwd *pw = getpwnam(user);
	if (pw == NULL) {
		/* named also takes a numeric uid */
		char *end = NULL;
		long v = strtol(user, &end, 10);
		if (user[0] != '\0' && *end == '\0' && v >= 0) {
			pw = getpwuid((uid_t)v);
		}
	}
	if (pw == NULL) {
		snprintf(msg, msglen, "user '%s' unknown", user);
		return R_NOTFOUND;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	return R_OK;
}

result_t
os_initgroups(const char *user, gid_t gid, char *msg, size_t msglen) {
	if (geteuid() != 0) {
		return R_OK; /* only root may, and only root needs to */
	}
	/* a numeric -u: the groups of the name it belongs to */
	uid_t uid;
	gid_t g;
	const char *name = user;
	struct passwd *pw = getpwnam(user);
	if (pw == NULL && os_user_lookup(user, &uid, &g, msg, msglen) == R_OK) {
		pw = getpwuid(uid);
		name = pw != NULL ? pw->pw_name : user;
	}
	if (initgroups(name, gid) != 0) {
		snprintf(msg, msglen, "initgroups(): %s", strerror(errno));
		return R_FAILURE;
	}
	return R_OK;
}

result_t
os_setids(uid_t uid, gid_t gid, char *msg, size_t msglen) {
	if (getuid() == uid && geteuid() == uid && getgid() == gid &&
	    getegid() == gid) {
		return R_OK;
	}
	if (setgid(gid) != 0) {
		snprintf(msg, msglen, "setgid(): %s", strerror(errno));
		return R_FAILURE;
	}
	if (setuid(uid) != 0) {
		snprintf(msg, msglen, "setuid(): %s", strerror(errno));
		return R_FAILURE;
	}
	return R_OK;
}

result_t
os_change_user(const char *user, char *msg, size_t msglen) {
	uid_t uid;
	gid_t gid;
	result_t r = os_user_lookup(user, &uid, &gid, msg, msglen);
	if (r == R_OK && (getuid() != uid || geteuid() != uid)) {
		r = os_initgroups(user, gid, msg, msglen);
	}
	if (r == R_OK) {
		r = os_setids(uid, gid, msg, msglen);
	}
	return r;
}

/* mkdir -p of the directory part of path. */
static result_t
mkdir_parents(const char *path, char *msg, size_t msglen) {
	char dir[PATH_MAX];
	size_t len = strlen(path);
	if (len >= sizeof(dir)) {
		snprintf(msg, msglen, "couldn't mkdir '%s': %s", path,
		         strerror(ENAMETOOLONG));
		return R_NOSPACE;
	}
	memcpy(dir, path, len + 1);
	char *slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir) {
		return R_OK; /* in the current or the root directory */
	}
	*slash = '\0';
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0') {
			continue;
		}
		char saved = *p;
		*p = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			snprintf(msg, msglen, "couldn't mkdir '%s': %s", dir,
			         strerror(errno));
			return R_FAILURE;
		}
		*p = saved;
		if (saved == '\0') {
			return R_OK;
		}
	}
}

result_t
os_pidfile_write(const char *path, pid_t pid, char *msg, size_t msglen) {
	result_t r = mkdir_parents(path, msg, msglen);
	if (r != R_OK) {
		return r;
	}
	/* A stale file from a crashed run is replaced. */
	(void)unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(msg, msglen, "couldn't open pid file '%s': %s", path,
		         strerror(errno));
		return R_FAILURE;
	}
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)pid);
	ssize_t w = write(fd, buf, (size_t)n);
	int werr = errno;
	if (close(fd) != 0 && w == n) {
		w = -1;
		werr = errno;
	}
	if (w != n) {
		snprintf(msg, msglen, "can't write pid file '%s': %s", path,
		         strerror(w < 0 ? werr : EIO));
		(void)unlink(path);
		return R_IOERROR;
	}
	return R_OK;
}

void
os_pidfile_remove(const char *path) {
	(void)unlink(path);
}

result_t
os_daemonize(char *msg, size_t msglen) {
	int fds[2];
	if (pipe(fds) != 0) {
		snprintf(msg, msglen, "pipe(): %s", strerror(errno));
		return R_FAILURE;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(msg, msglen, "fork(): %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return R_FAILURE;
	}
	if (pid > 0) {
		/* Parent: exit with the child's verdict.  The caller blocked
		 * SIGTERM and friends for sigwait(); here they should still
		 * end a wait on a start that takes too long. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(fds[1]);
		char c;
		ssize_t n;
		do {
			n = read(fds[0], &c, 1);
		} while (n < 0 && errno == EINTR);
		_exit(n == 1 ? 0 : 1);
	}
	close(fds[0]);
	(void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	daemon_pipe = fds[1];
	if (setsid() < 0) {
		snprintf(msg, msglen, "setsid(): %s", strerror(errno));
		return R_FAILURE;
	}
	/* stdin is never read; stderr stays until started so early fatal
	 * errors still reach the terminal. */
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		(void)dup2(null, 0);
		if (null > 2) {
			close(null);
		}
	}
	return R_OK;
}

void
os_daemon_started(void) {
	if (daemon_pipe < 0) {
		return;
	}
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		(void)dup2(null, 1);
		(void)dup2(null, 2);
		if (null > 2) {
			close(null);
		}
	}
	char c = 1;
	ssize_t n;
	do {
		n = write(daemon_pipe, &c, 1);
	} while (n < 0 && errno == EINTR);
	close(daemon_pipe);
	daemon_pipe = -1;
}
