/*
 * Dining philosophers: the twin of bench/models/philosophers.race, with exactly the
 * same state space (one racecheck step = one d_step; the meal parity is a local).
 *   spin -a -DN=7 philosophers.pml && gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c && ./pan -E -m100000000
 */
#ifndef N
#define N 5
#endif

bool fork[N];

active [N] proctype phil() {
  bit meals = 0;
  do
  :: d_step { skip };                                                  /* hungry() */
     d_step { !fork[_pid]; fork[_pid] = true };                        /* take_left() */
     d_step { !fork[(_pid + 1) % N]; fork[(_pid + 1) % N] = true };    /* take_right() */
     d_step { meals = 1 - meals };                                     /* eat() */
     d_step { fork[(_pid + 1) % N] = false };                          /* put_right() */
     d_step { fork[_pid] = false }                                     /* put_left() */
  od
}
