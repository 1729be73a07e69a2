#ifndef GLEANER_CSCHEDULING_SHIM_H
#define GLEANER_CSCHEDULING_SHIM_H

/* glibc declares sched_getaffinity and sched_setaffinity only under _GNU_SOURCE, which the
   Swift Glibc module is not built with. These declare the same two symbols under names of
   their own (pid 0: the calling thread; mask: a cpu_set_t of `size` bytes), so no
   declaration can clash with glibc's. Linux only, as is Gleaner. */
extern int gleaner_sched_getaffinity(int pid, unsigned long size, void *mask) __asm__("sched_getaffinity");
extern int gleaner_sched_setaffinity(int pid, unsigned long size, const void *mask) __asm__("sched_setaffinity");

#endif
