/*
 * Sanitizer options of a `make SANITIZE=...` build, compiled in.
 *
 * The runtimes come into the server with govindex.so, and read their options
 * from /proc/self/environ, which PostgreSQL overwrites with the process title
 * at start: UBSAN_OPTIONS and ASAN_OPTIONS never reach them in a backend.
 * These hooks are looked up by the runtimes when they start instead.
 */
const char *__ubsan_default_options(void);
const char *__asan_default_options(void);

/* every report with its stack, and the first one ends the backend (the fuzz harness sees a crash) */
const char *
__ubsan_default_options(void)
{
	return "print_stacktrace=1:halt_on_error=1";
}

/*
 * The ASan runtime is not the first library of the server (preloading it deadlocks
 * the server at start, in bindtextdomain); the server frees by memory context, not
 * by free(), so leak reports would be noise.
 */
const char *
__asan_default_options(void)
{
	return "verify_asan_link_order=0:detect_leaks=0:abort_on_error=1";
}
