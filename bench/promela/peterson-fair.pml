/*
 * Peterson's lock for two processes: the twin of bench/models/peterson-fair.race, with the
 * same state space (one racecheck step = one d_step; `either { think } or { ... }` at the
 * loop head is the do loop's two options). Starvation freedom of each process is an LTL
 * property below; the labels name the d_step a process is about to take, as racecheck's
 * `p[0] at wait` does. BROKEN drops the flag test from the wait (peterson-broken.pml).
 *   spin -a peterson-fair.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan -a -f -N p0_enters
 */
bool flag[2];
bit turn;

#ifdef BROKEN
#define MAY_ENTER	(turn == _pid)
#else
#define MAY_ENTER	(!flag[1 - _pid] || turn == _pid)
#endif

active [2] proctype p()
{
	do
	:: d_step { skip }                                   /* think() */
	:: d_step { flag[_pid] = true };                     /* set_flag() */
	   d_step { turn = 1 - _pid };                       /* set_turn() */
wait:	   d_step { MAY_ENTER };                             /* wait() */
cs:	   d_step { skip };                                  /* critical_section() */
	   d_step { flag[_pid] = false }                     /* release() */
	od
}

ltl p0_enters { [] (p[0]@wait -> <> p[0]@cs) }
ltl p1_enters { [] (p[1]@wait -> <> p[1]@cs) }
