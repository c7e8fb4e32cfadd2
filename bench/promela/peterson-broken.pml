/*
 * Peterson's lock without the flag test in its wait (strict alternation): the twin of
 * bench/models/peterson-broken.race. It is bench/promela/peterson-fair.pml with BROKEN set.
 *   spin -a peterson-broken.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan -a -f -N p0_enters
 */
#define BROKEN
#include "peterson-fair.pml"
