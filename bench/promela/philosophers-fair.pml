/*
 * Dining philosophers that cannot deadlock: the twin of bench/models/philosophers-fair.race
 * (one racecheck step = one d_step). The last philosopher takes its right fork first. p0_eats:
 * philosopher 0, once it reaches for its first fork, eats; someone_eats: some philosopher eats
 * again and again. SPIN's -f is weak fairness; it has no strong fairness.
 *   spin -a philosophers-fair.pml && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan -a -f -N p0_eats
 */
#ifndef N
#define N 3
#endif

bool fork[N];

#define FIRST	(_pid == N - 1 -> (_pid + 1) % N : _pid)
#define SECOND	(_pid == N - 1 -> _pid : (_pid + 1) % N)

active [N] proctype phil()
{
	do
	:: d_step { skip };                                  /* hungry() */
take:	   d_step { !fork[FIRST]; fork[FIRST] = true };      /* take_first() */
	   d_step { !fork[SECOND]; fork[SECOND] = true };    /* take_second() */
eat:	   d_step { skip };                                  /* eat() */
	   d_step { fork[SECOND] = false };                  /* put_second() */
	   d_step { fork[FIRST] = false }                    /* put_first() */
	od
}

ltl p0_eats { [] (phil[0]@take -> <> phil[0]@eat) }
#if N == 3
ltl someone_eats { [] <> (phil[0]@eat || phil[1]@eat || phil[2]@eat) }
#endif
