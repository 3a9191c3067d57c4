/*
 * checkzone_os.c - the few POSIX calls named-checkzone needs from
 * <unistd.h>, kept apart because <unistd.h> defines an R_OK macro (for
 * access()) that would clash with result_t's R_OK.
 *
 * Both return 0 on success, else an errno value.
 */
#include <errno.h>
#include <unistd.h>

int checkzone_chdir(const char *dir);
int checkzone_chroot(const char *dir);

int
checkzone_chdir(const char *dir) {
	return chdir(dir) == 0 ? 0 : errno;
}

int
checkzone_chroot(const char *dir) {
	if (chroot(dir) != 0) {
		return errno;
	}
	return chdir("/") == 0 ? 0 : errno;
}
