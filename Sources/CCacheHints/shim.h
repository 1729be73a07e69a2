#ifndef GLEANER_CCACHEHINTS_SHIM_H
#define GLEANER_CCACHEHINTS_SHIM_H

/* Asks the CPU to start loading the cache line holding `address`, to be written soon.
   A hint only: it never faults and changes nothing, whatever the address. Swift has no
   prefetch of its own; the collector's merge uses this to overlap the cache misses of an
   article's entities instead of waiting for each in turn. */
static inline void gleaner_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
