/*
 * os_test.c - unit tests for named/os.c: absolute paths, chdir, chroot
 * (in a child, when root), user lookup, the pid file (parent directories
 * made, replaced, removed, errors in named's words) and the daemon
 * handshake (the parent's exit status follows the child's start-up).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

/*
 * After every system header: <fcntl.h> defines R_OK (4) for access(2)
 * as <unistd.h> does, and result.h must be the one that drops it.
 */
#include "zones/result.h"
#include "named/os.h"

/* Catches a system header that brought back access(2)'s R_OK macro. */
_Static_assert(R_OK == 0, "R_OK must be result_t's");

static char tmpdir[256];

static int
setup(void **state) {
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/os_test.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state) {
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
slurp(const char *path) {
	static char buf[256];
	FILE *fp = fopen(path, "r");
	if (fp == NULL) {
		return NULL;
	}
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

static void
test_abspath(void **state) {
	(void)state;
	char out[PATH_MAX];
	char cwd[PATH_MAX];
	assert_int_equal(os_abspath("/etc/x.conf", out, sizeof(out)), R_OK);
	assert_string_equal(out, "/etc/x.conf");

	char msg[256];
	assert_int_equal(os_chdir(tmpdir, msg, sizeof(msg)), R_OK);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	char want[PATH_MAX + 32];
	assert_int_equal(os_abspath("named.conf", out, sizeof(out)), R_OK);
	snprintf(want, sizeof(want), "%s/named.conf", cwd);
	assert_string_equal(out, want);
	/* named prints "dir/x", not "dir/./x" */
	assert_int_equal(os_abspath("././sub/named.conf", out, sizeof(out)),
	                 R_OK);
	snprintf(want, sizeof(want), "%s/sub/named.conf", cwd);
	assert_string_equal(out, want);

	/* the root directory adds no second slash */
	assert_int_equal(os_chdir("/", msg, sizeof(msg)), R_OK);
	assert_int_equal(os_abspath("named.conf", out, sizeof(out)), R_OK);
	assert_string_equal(out, "/named.conf");

	/* too small a buffer is an error, never a cut path */
	char small[8];
	assert_int_equal(
	        os_abspath("/etc/bind/named.conf", small, sizeof(small)),
	        R_NOSPACE);
	assert_int_equal(os_abspath("named.conf", small, sizeof(small)),
	                 R_NOSPACE);
}

static void
test_chdir(void **state) {
	(void)state;
	char msg[256] = "untouched";
	assert_int_equal(os_chdir(tmpdir, msg, sizeof(msg)), R_OK);
	assert_string_equal(msg, "untouched");
	char cwd[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	char real[PATH_MAX];
	assert_non_null(realpath(tmpdir, real));
	assert_string_equal(cwd, real);

	assert_int_equal(os_chdir("/nonexistent-dir-xyz", msg, sizeof(msg)),
	                 R_FILENOTFOUND);
	assert_string_equal(msg, "chdir(/nonexistent-dir-xyz): "
	                         "No such file or directory");
	/* where we were is unchanged */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_string_equal(cwd, real);
}

static void
test_chroot(void **state) {
	(void)state;
	char msg[256];
	assert_int_not_equal(
	        os_chroot("/nonexistent-dir-xyz", msg, sizeof(msg)), R_OK);
	assert_true(strncmp(msg, "chroot(): ", 10) == 0);
	if (geteuid() != 0) {
		return; /* the success path needs root */
	}
	char marker[PATH_MAX + 16];
	snprintf(marker, sizeof(marker), "%s/marker", tmpdir);
	FILE *fp = fopen(marker, "w");
	assert_non_null(fp);
	fclose(fp);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char m[256];
		char cwd[PATH_MAX];
		int ok = os_chroot(tmpdir, m, sizeof(m)) == R_OK &&
		         access("/marker", F_OK) == 0 &&
		         getcwd(cwd, sizeof(cwd)) != NULL &&
		         strcmp(cwd, "/") == 0;
		_exit(ok ? 0 : 1);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_user(void **state) {
	(void)state;
	uid_t uid = 99;
	gid_t gid = 99;
	char msg[256] = "untouched";
	assert_int_equal(os_user_lookup("root", &uid, &gid, msg, sizeof(msg)),
	                 R_OK);
	assert_int_equal(uid, 0);
	assert_int_equal(gid, 0);
	assert_string_equal(msg, "untouched");
	/* a numeric uid, as named takes */
	uid = 99;
	assert_int_equal(os_user_lookup("0", &uid, &gid, msg, sizeof(msg)),
	                 R_OK);
	assert_int_equal(uid, 0);

	uid = 99;
	assert_int_equal(os_user_lookup("no-such-user-xyz", &uid, &gid, msg,
	                                sizeof(msg)),
	                 R_NOTFOUND);
	assert_string_equal(msg, "user 'no-such-user-xyz' unknown");
	assert_int_equal(uid, 99); /* untouched on error */
	assert_int_equal(os_change_user("no-such-user-xyz", msg, sizeof(msg)),
	                 R_NOTFOUND);

	/* becoming who we are already is a no-op that succeeds */
	struct passwd *pw = getpwuid(getuid());
	assert_non_null(pw);
	if (getgid() == pw->pw_gid && geteuid() == getuid()) {
		assert_int_equal(os_change_user(pw->pw_name, msg, sizeof(msg)),
		                 R_OK);
		assert_int_equal(getuid(), pw->pw_uid);
	}
}

static void
test_change_user_drops(void **state) {
	(void)state;
	if (geteuid() != 0 || getpwnam("nobody") == NULL) {
		return; /* needs root and the usual "nobody" */
	}
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char m[256];
		struct passwd *pw = getpwnam("nobody");
		uid_t want = pw->pw_uid;
		int ok = os_change_user("nobody", m, sizeof(m)) == R_OK &&
		         getuid() == want && geteuid() == want &&
		         setuid(0) != 0; /* and root cannot come back */
		_exit(ok ? 0 : 1);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* -u with -t: groups before the chroot, ids after; no /etc inside. */
static void
test_user_two_steps_chroot(void **state) {
	(void)state;
	char msg[256];
	/* a failing switch reports setuid()'s error (in a child: it may
	 * have changed the group already) */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char m[256] = "";
		int ok = os_setids((uid_t)-1, getgid(), m, sizeof(m)) ==
		                 R_FAILURE &&
		         strcmp(m, "setuid(): Invalid argument") == 0;
		_exit(ok ? 0 : 1);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	/* the ids we have: nothing to do */
	assert_int_equal(os_setids(getuid(), getgid(), msg, sizeof(msg)), R_OK);

	if (geteuid() != 0 || getpwnam("nobody") == NULL) {
		return; /* the rest needs root and the usual "nobody" */
	}
	struct passwd *pw = getpwnam("nobody");
	uid_t uid = pw->pw_uid;
	gid_t gid = pw->pw_gid;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char m[256];
		gid_t groups[64];
		if (os_initgroups("nobody", gid, m, sizeof(m)) != R_OK ||
		    os_chroot(tmpdir, m, sizeof(m)) != R_OK ||
		    access("/etc/group", F_OK) == 0 ||
		    os_setids(uid, gid, m, sizeof(m)) != R_OK)
		{
			_exit(1);
		}
		int n = getgroups(64, groups);
		bool root_group = false;
		for (int i = 0; i < n; i++) {
			root_group = root_group || groups[i] == 0;
		}
		int ok = getuid() == uid && geteuid() == uid &&
		         getgid() == gid && getegid() == gid && n >= 1 &&
		         !root_group;
		_exit(ok ? 0 : 2);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
test_pidfile(void **state) {
	(void)state;
	char path[PATH_MAX + 32];
	char msg[512] = "untouched";
	snprintf(path, sizeof(path), "%s/run/named/named.pid", tmpdir);
	assert_int_equal(os_pidfile_write(path, 4242, msg, sizeof(msg)), R_OK);
	assert_string_equal(msg, "untouched");
	assert_string_equal(slurp(path), "4242\n");
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof(dir), "%s/run/named", tmpdir);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	/* a stale file (longer contents) is replaced, not appended to */
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("99999999 stale\n", fp);
	fclose(fp);
	assert_int_equal(os_pidfile_write(path, 7, msg, sizeof(msg)), R_OK);
	assert_string_equal(slurp(path), "7\n");

	os_pidfile_remove(path);
	assert_int_equal(access(path, F_OK), -1);
	os_pidfile_remove(path); /* gone already: fine */

	/* relative to the current directory */
	assert_int_equal(os_chdir(tmpdir, msg, sizeof(msg)), R_OK);
	assert_int_equal(os_pidfile_write("rel.pid", 12, msg, sizeof(msg)),
	                 R_OK);
	snprintf(path, sizeof(path), "%s/rel.pid", tmpdir);
	assert_string_equal(slurp(path), "12\n");
}

/* After -u: the pid file's existing parents may not be writable. */
static void
test_pidfile_unwritable_parents(void **state) {
	(void)state;
	if (geteuid() != 0 || getpwnam("nobody") == NULL) {
		return; /* needs root and the usual "nobody" */
	}
	/* tmpdir (0700, root's) holds a dir that nobody may write */
	char base[PATH_MAX + 32];
	snprintf(base, sizeof(base), "%s/pub", tmpdir);
	assert_int_equal(mkdir(base, 0755), 0);
	assert_int_equal(chmod(tmpdir, 0755), 0);
	struct passwd *pw = getpwnam("nobody");
	char sub[PATH_MAX + 48];
	snprintf(sub, sizeof(sub), "%s/run", base);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(chown(sub, pw->pw_uid, pw->pw_gid), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char m[512];
		char path[PATH_MAX + 64];
		snprintf(path, sizeof(path), "%s/named/named.pid", sub);
		int ok = os_change_user("nobody", m, sizeof(m)) == R_OK &&
		         os_pidfile_write(path, 5, m, sizeof(m)) == R_OK;
		if (!ok) {
			fprintf(stderr, "%s\n", m);
		}
		_exit(ok ? 0 : 1);
	}
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(chmod(tmpdir, 0700), 0);
}

static void
test_pidfile_errors(void **state) {
	(void)state;
	char file[PATH_MAX + 32];
	char path[PATH_MAX + 64];
	char msg[512];
	/* a parent that is a regular file */
	snprintf(file, sizeof(file), "%s/plain", tmpdir);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/sub/named.pid", file);
	assert_int_not_equal(os_pidfile_write(path, 1, msg, sizeof(msg)), R_OK);
	char want[PATH_MAX + 128];
	snprintf(want, sizeof(want), "couldn't mkdir '%s/sub': Not a directory",
	         file);
	assert_string_equal(msg, want);

	/* the pid file's own name is a directory */
	snprintf(path, sizeof(path), "%s/isdir", tmpdir);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_not_equal(os_pidfile_write(path, 1, msg, sizeof(msg)), R_OK);
	snprintf(want, sizeof(want), "couldn't open pid file '%s': ", path);
	assert_true(strncmp(msg, want, strlen(want)) == 0);
}

/*
 * The daemon handshake, run in a child so the "parent" that exits is not
 * the test: child -> os_daemonize -> grandchild reports (or dies).
 */
static int
daemon_status(bool succeed, bool *grandchild_ok) {
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		char m[256];
		if (os_daemonize(m, sizeof(m)) != R_OK) {
			_exit(2);
		}
		/* the grandchild: a new session, stdin on /dev/null */
		char ok = getsid(0) == getpid() && getppid() != 0 ? 'y' : 'n';
		if (write(fds[1], &ok, 1) != 1) {
			_exit(3);
		}
		close(fds[1]);
		if (succeed) {
			os_daemon_started();
			os_daemon_started(); /* twice is harmless */
			_exit(0);
		}
		_exit(5);
	}
	close(fds[1]);
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	char c = 0;
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	*grandchild_ok = c == 'y';
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static void
test_daemonize(void **state) {
	(void)state;
	bool ok = false;
	assert_int_equal(daemon_status(true, &ok), 0);
	assert_true(ok);
	ok = false;
	/* the child died before start-up finished: the parent says 1 */
	assert_int_equal(daemon_status(false, &ok), 1);
	assert_true(ok);
	/* not daemonized: started() does nothing, stderr stays */
	os_daemon_started();
	assert_true(fcntl(2, F_GETFD) >= 0);
}

/* The waiting parent can be stopped even though the caller blocked
 * SIGTERM for sigwait() before forking (as named's main does). */
static void
test_daemonize_parent_killable(void **state) {
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		char m[256];
		if (os_daemonize(m, sizeof(m)) != R_OK) {
			_exit(2);
		}
		/* the daemon: report its pid, then a start that hangs */
		pid_t me = getpid();
		if (write(fds[1], &me, sizeof(me)) != sizeof(me)) {
			_exit(3);
		}
		sleep(10);
		_exit(0);
	}
	close(fds[1]);
	pid_t daemon = 0;
	assert_int_equal(read(fds[0], &daemon, sizeof(daemon)), sizeof(daemon));
	close(fds[0]);
	assert_int_equal(kill(pid, SIGTERM), 0);
	int st = 0;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	assert_int_equal(kill(daemon, SIGKILL), 0);
}

int
main(void) {
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_abspath),
	        cmocka_unit_test(test_chdir),
	        cmocka_unit_test(test_chroot),
	        cmocka_unit_test(test_user),
	        cmocka_unit_test(test_change_user_drops),
	        cmocka_unit_test(test_user_two_steps_chroot),
	        cmocka_unit_test(test_pidfile),
	        cmocka_unit_test(test_pidfile_unwritable_parents),
	        cmocka_unit_test(test_pidfile_errors),
	        cmocka_unit_test(test_daemonize),
	        cmocka_unit_test(test_daemonize_parent_killable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
