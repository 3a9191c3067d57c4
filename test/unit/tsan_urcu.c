/*
 * tsan_urcu.c - tells ThreadSanitizer what liburcu guarantees, so the
 * concurrency tests can run under -fsanitize=thread (scripts/tsan.sh).
 *
 * liburcu is not built with TSan, and its ordering comes from memory
 * barriers and membarrier(2), which TSan cannot see.  Without help every
 * read of published data, and every free after a grace period, would be
 * reported as a race.  Linked into a test built with TSan, this file
 * interposes the liburcu entry points the database and the zone table
 * call (the test executable's definitions win over the shared library's)
 * and adds exactly RCU's promises as TSan annotations:
 *  - publication: rcu_set_pointer_sym releases on the new object's
 *    address; rcu_dereference_sym acquires on the address it returns,
 *    so a reader sees everything written before the object was published;
 *  - grace period: every read_unlock releases one global token and
 *    synchronize_rcu acquires it after the real grace period, so what a
 *    writer frees after synchronize_rcu happens after every read section
 *    that could have seen it.
 * Nothing more is asserted: a reader touching memory outside its read
 * section, or a writer freeing before the grace period, is still
 * reported.  In builds without TSan this file is empty.
 */
#if defined(__SANITIZE_THREAD__)
#define TSAN_URCU 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TSAN_URCU 1
#endif
#endif

#ifdef TSAN_URCU
#include <dlfcn.h>
#include <stdlib.h>

void __tsan_acquire(void *addr);
void __tsan_release(void *addr);

void *rcu_dereference_sym(void *p);
void *rcu_set_pointer_sym(void **p, void *v);
void urcu_memb_read_unlock(void);
void urcu_memb_synchronize_rcu(void);

static char grace_token;

/* The library's own definition of sym (the next one after ours). */
static void *
real(void **cache, const char *sym) {
	void *f = __atomic_load_n(cache, __ATOMIC_ACQUIRE);
	if (f == NULL) {
		f = dlsym(RTLD_NEXT, sym);
		if (f == NULL) {
			abort();
		}
		__atomic_store_n(cache, f, __ATOMIC_RELEASE);
	}
	return f;
}

static void *set_pointer_fn, *read_unlock_fn, *synchronize_fn;

void *
rcu_dereference_sym(void *p) {
	if (p != NULL) {
		__tsan_acquire(p);
	}
	return p;
}

void *
rcu_set_pointer_sym(void **p, void *v) {
	void *(*f)(void **, void *) = (void *(*)(void **, void *))real(
		&set_pointer_fn, "rcu_set_pointer_sym");
	if (v != NULL) {
		__tsan_release(v);
	}
	/* The store itself stays in the uninstrumented library, as without
	 * this file: readers load the pointer with a plain (volatile) read. */
	return f(p, v);
}

void
urcu_memb_read_unlock(void) {
	void (*f)(void) = (void (*)(void))real(&read_unlock_fn,
					       "urcu_memb_read_unlock");
	__tsan_release(&grace_token);
	f();
}

void
urcu_memb_synchronize_rcu(void) {
	void (*f)(void) = (void (*)(void))real(&synchronize_fn,
					       "urcu_memb_synchronize_rcu");
	f();
	__tsan_acquire(&grace_token);
}
#else
/* ISO C wants at least one declaration in a translation unit. */
typedef int tsan_urcu_unused_t;
#endif
