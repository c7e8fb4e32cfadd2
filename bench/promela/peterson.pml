/*
 * Peterson's filter lock: a benchmark model, paired with bench/models/peterson.race.
 *
 * N processes climb N - 1 levels. At each level l a process announces it (level[i] = l),
 * makes itself the level's victim (victim[l] = i), and waits until no other process is
 * at level l or above, or another process has become the victim of level l. A process
 * past level N - 1 is in its critical section; it releases by going back to level 0.
 * in_cs[i] is true from the critical section step to the release.
 *
 * Exactly the same state space as the racecheck model: each racecheck step is one
 * d_step { guard; body } (a d_step is executable iff its first statement is), and
 * `while true { steps }` is `do :: steps od`. No init process: active [N] proctype.
 * racecheck unrolls its `for l in 1..N - 1` at load time, so its position says which
 * level a process is at; here the loop counter is level[_pid] itself (it always equals
 * l inside the loop), so no extra variable enters the state. One do loop has two
 * options: climb one level (set_level, set_victim, wait_level) while level[_pid] < N - 1,
 * or, at level N - 1, the critical section and the release (back to level 0). The choice
 * is made by the guards of their first d_steps, as racecheck decides its control flow as
 * part of the next step. (A nested do with a break before the release d_step is rejected
 * by SPIN: "jump into d_step sequence".)
 * victim[0] is never used (racecheck's victim is indexed 1..N - 1), and the
 * mutual exclusion check (racecheck's invariant mutex) is an assert at the only step
 * that can break it; ncs and k are hidden, so they are not part of the state.
 *
 *   spin -a -DN=4 peterson.pml
 *   gcc -O2 -DNOREDUCE -DSAFETY -o pan pan.c
 *   ./pan -E -m1000000
 *
 * SPIN's "states, stored" equals racecheck's "distinct", and its "transitions" minus 1
 * racecheck's "generated". Used at N = 2, 3, 4; N may be at most 8 (see LOWER).
 */

#ifndef N
#define N 3
#endif

#if N > 8
#error "peterson.pml: N must be at most 8 (extend ALL_LOWER)"
#endif

byte level[N];
byte victim[N];
bool in_cs[N];

hidden byte k, ncs;

/* process k is not i and is below level l (the k >= N test keeps level[k] in bounds) */
#define LOWER(k, l)	((k) >= N || (k) == _pid || level[k] < (l))
#define ALL_LOWER(l)	(LOWER(0, l) && LOWER(1, l) && LOWER(2, l) && LOWER(3, l) && \
			 LOWER(4, l) && LOWER(5, l) && LOWER(6, l) && LOWER(7, l))

active [N] proctype p()
{
	do
	:: d_step { level[_pid] < N - 1; level[_pid] = level[_pid] + 1 };     /* set_level */
	   d_step { victim[level[_pid]] = _pid };                               /* set_victim */
	   d_step { ALL_LOWER(level[_pid]) || victim[level[_pid]] != _pid }     /* wait_level */
	:: d_step {                                                             /* critical_section */
		level[_pid] == N - 1;
		in_cs[_pid] = true;
		ncs = 0;
		for (k : 0 .. N - 1) { ncs = ncs + in_cs[k] };
		assert(ncs <= 1)                                                  /* mutex */
	   };
	   d_step { level[_pid] = 0; in_cs[_pid] = false }                     /* release */
	od
}
