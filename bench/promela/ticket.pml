/*
 * Ticket lock: a benchmark model, paired with bench/models/ticket.race.
 *
 * N processes share a ticket dispenser `next` and a `serving` display, both counting
 * modulo N. Each process loops forever: take a ticket (my = next and next = next + 1 in
 * one atomic step), wait until serving == my, run a critical section, release.
 * in_cs[i] is true from the critical section step to the release.
 *
 * Exactly the same state space as the racecheck model: each racecheck step is one
 * d_step { guard; body } (a d_step is executable iff its first statement is), and
 * `while true { steps }` is `do :: steps od`. No init process: active [N] proctype.
 * The mutual exclusion check (racecheck's invariant mutex) is an assert at the only
 * step that can break it; ncs and k are hidden, so they are not part of the state.
 *
 *   spin -a -DN=5 ticket.pml
 *   gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c
 *   ./pan -E -m1000000
 *
 * SPIN's "states, stored" equals racecheck's "distinct", and its "transitions" minus 1
 * racecheck's "generated". Used at N = 3, 4, 5, 6.
 */

#ifndef N
#define N 4
#endif

byte next = 0;
byte serving = 0;
bool in_cs[N];

hidden byte k, ncs;

active [N] proctype p()
{
	byte my = 0;
	do
	:: d_step { my = next; next = (next + 1) % N };                       /* take_ticket */
	   d_step { serving == my };                                          /* wait_turn */
	   d_step {                                                           /* critical_section */
		in_cs[_pid] = true;
		ncs = 0;
		for (k : 0 .. N - 1) { ncs = ncs + in_cs[k] };
		assert(ncs <= 1)                                                  /* mutex */
	   };
	   d_step { serving = (serving + 1) % N; in_cs[_pid] = false }        /* release */
	od
}
