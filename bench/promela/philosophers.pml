/*
 * Dining philosophers: a benchmark model, paired with bench/models/philosophers.race.
 *
 * N philosophers sit around a table with one fork between neighbours. Each loops
 * forever: take the left fork (wait until it is free), take the right fork (wait until
 * it is free), put both down.
 *
 * Exactly the same state space as the racecheck model: each racecheck step is one
 * d_step { guard; body } (a d_step is executable iff its first statement is), and
 * `while true { steps }` is `do :: steps od`. No init process: active [N] proctype.
 *
 *   spin -a -DN=6 philosophers.pml
 *   gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c
 *   ./pan -E -m1000000
 *
 * SPIN's "states, stored" equals racecheck's "distinct", and its "transitions" minus 1
 * racecheck's "generated". Used at N = 5, 6, 7, 8 (82 states at N = 5).
 */

#ifndef N
#define N 5
#endif

bool fork[N];

active [N] proctype phil()
{
	do
	:: d_step { !fork[_pid]; fork[_pid] = true };                         /* take_left */
	   d_step { !fork[(_pid + 1) % N]; fork[(_pid + 1) % N] = true };     /* take_right */
	   d_step { fork[_pid] = false; fork[(_pid + 1) % N] = false }        /* put_both */
	od
}
